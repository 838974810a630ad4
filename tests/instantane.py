"""La base telle que les migrations l'ont laissée, gardée en mémoire pour la reposer.

Un test transactionnel (les tests dans le navigateur) vide toutes les tables en
sortant (`flush`), migrations de données comprises : rôles et leurs permissions,
pages initiales du programme, droits des Webmestres dans l'éditeur, index de
recherche et de références de Wagtail. Les refaire par leur code à chaque test
coûtait près de trois secondes (une quinzaine de pages Wagtail publiées, avec
révisions). On copie plutôt, une fois par worker, les lignes des tables non vides
juste après les migrations (COPY, format binaire de PostgreSQL), puis on les
recopie telles quelles : mêmes lignes, mêmes identifiants, en quelques dizaines de
millisecondes.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction


@dataclass(frozen=True)
class Instantane:
    tables: dict[str, bytes]  # table -> ses lignes, au format binaire de COPY

    def complet(self) -> bool:
        # Une base réutilisée (--reuse-db) qu'une session d'avant l'instantané avait
        # laissée vidée par un test transactionnel n'a plus les rôles des migrations.
        return "auth_group" in self.tables and "wagtailcore_page" in self.tables


def _tables() -> list[str]:
    # Les tables que `flush` vide : celles des modèles, sans les vues.
    return sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )


def instantane_prendre() -> Instantane:
    """Les lignes de chaque table non vide ; à prendre avant tout test transactionnel."""
    tables = {}
    with connection.cursor() as curseur:
        for table in _tables():
            nom = connection.ops.quote_name(table)
            curseur.execute(f"SELECT EXISTS (SELECT 1 FROM {nom})")  # noqa: S608 (nom de table cité)
            if not curseur.fetchone()[0]:
                continue
            with curseur.cursor.copy(f"COPY {nom} TO STDOUT (FORMAT binary)") as copie:
                tables[table] = b"".join(bytes(bloc) for bloc in copie)
    return Instantane(tables)


def instantane_reposer(instantane: Instantane) -> None:
    """Remet la base dans l'état de l'instantané.

    Toutes les tables non vides sont vidées, y compris celles que le signal
    post_migrate du `flush` a remplies (types de contenu, permissions, sous
    d'autres identifiants), puis les lignes de l'instantané y sont recopiées. Les
    clés étrangères de Django sont différées (DEFERRABLE INITIALLY DEFERRED) :
    l'ordre des tables n'importe pas, tout est vérifié à la validation. Les
    séquences ne reculent pas (`flush` ne les remet pas à zéro) : les lignes créées
    ensuite ne heurtent pas les identifiants recopiés.
    """
    with transaction.atomic(), connection.cursor() as curseur:
        curseur.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in _tables():
            nom = connection.ops.quote_name(table)
            curseur.execute(f"DELETE FROM {nom}")  # noqa: S608 (nom de table cité)
        for table, lignes in instantane.tables.items():
            nom = connection.ops.quote_name(table)
            with curseur.cursor.copy(f"COPY {nom} FROM STDIN (FORMAT binary)") as copie:
                copie.write(lignes)
    # Le cache des types de contenu (par processus, partagé avec le serveur de test)
    # garde les identifiants d'après le `flush`.
    ContentType.objects.clear_cache()
