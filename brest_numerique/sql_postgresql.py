"""Le SQL propre à PostgreSQL des migrations (déclencheurs, index INCLUDE) : la base
de démonstration, SQLite, le saute."""


def sur_postgresql(sql: str):
    """La fonction d'un `RunPython` qui exécute `sql` sur PostgreSQL, et rien ailleurs."""

    def executer(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return executer
