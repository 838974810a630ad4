"""Écritures et lectures en masse, pour tout modèle : COPY sur PostgreSQL, bulk_create
et bulk_update ailleurs (SQLite) ; des dizaines de milliers de lignes lues en format
binaire. Le module ne connaît aucune application : il ne
reçoit qu'un modèle, des noms de champs et des lignes déjà prêtes pour la base.

Mesuré sur l'import de 20 000 lieux de l'annuaire (bench/import_lieux.py) :
bulk_create y passe plus de 10 s à fabriquer puis découper des requêtes de
90 000 paramètres par lot, avant même que PostgreSQL ne travaille ; COPY envoie
les lignes telles quelles et tient en moins d'une seconde. Même écart sur les
~140 000 créneaux qui suivent. Pire, bulk_update écrit un CASE WHEN par champ,
que PostgreSQL parcourt ligne à ligne : 20 000 lignes modifiées y prennent cinq
minutes, contre quelques secondes par une table temporaire remplie par COPY.
"""

from collections.abc import Iterable, Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connection, models, transaction

TAILLE_LOT = 2000


def lignes_copier(
    *, modele: type[models.Model], champs: Sequence[str], lignes: Iterable[Sequence]
) -> None:
    """Insère des lignes dont les valeurs, dans l'ordre de `champs` (attnames),
    sont déjà celles de la base (celles que rend `get_prep_value` du champ).

    Ni signal, ni valeur par défaut, ni auto_now : à l'appelant de tout fournir.
    """
    if connection.vendor != "postgresql":
        objets = [modele(**dict(zip(champs, ligne, strict=True))) for ligne in lignes]
        modele.objects.bulk_create(objets, batch_size=TAILLE_LOT)
        return
    colonnes = [modele._meta.get_field(champ).column for champ in champs]
    with connection.cursor() as curseur:
        _copier(curseur, modele._meta.db_table, colonnes, lignes)


def _copier(curseur, table, colonnes: list[str], lignes: Iterable[Sequence]) -> None:
    from psycopg import sql

    requete = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, colonnes))
    )
    with curseur.copy(requete) as copie:
        for ligne in lignes:
            copie.write_row(ligne)


def cles_reserver(*, modele: type[models.Model], nombre: int) -> list[int]:
    """`nombre` clés primaires neuves tirées de la séquence du modèle (PostgreSQL),
    en une requête : COPY ne rend pas les clés qu'il écrit, les relire ensuite
    par un autre champ coûte une requête d'autant de paramètres que de lignes."""
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [modele._meta.db_table, modele._meta.pk.column, nombre],
        )
        return [cle for (cle,) in curseur.fetchall()]


@transaction.atomic
def lignes_copier_avec_calculs(
    *,
    modele: type[models.Model],
    champs: Sequence[str],
    lignes: Iterable[Sequence],
    calculs: dict[str, tuple[str, Sequence]],
) -> None:
    """Comme lignes_copier, plus des colonnes calculées par la base à l'insertion
    même (PostgreSQL seulement) : `calculs` donne, pour chaque champ, une expression
    SQL et ses paramètres, qui lisent les colonnes de la ligne sous le nom de la
    table du modèle (ce qu'écrit le compilateur de Django).

    Les lignes passent par COPY dans une table temporaire (ni index, ni journal),
    puis un seul INSERT … SELECT les range avec leurs calculs. Une ligne n'est
    ainsi écrite qu'une fois, dans la table et dans chaque index ; insérer puis
    calculer par un UPDATE l'écrivait deux fois."""
    from psycopg import sql

    table = modele._meta.db_table
    colonnes = [modele._meta.get_field(champ).column for champ in champs]
    calcules = [modele._meta.get_field(champ).column for champ in calculs]
    temporaire = sql.Identifier(f"{table}_a_inserer")
    expressions = [sql.SQL(expression) for expression, _ in calculs.values()]
    parametres = [p for _, params in calculs.values() for p in params]
    with connection.cursor() as curseur:
        curseur.execute(
            sql.SQL("CREATE TEMPORARY TABLE {} AS SELECT {} FROM {} WITH NO DATA").format(
                temporaire,
                sql.SQL(", ").join(map(sql.Identifier, colonnes)),
                sql.Identifier(table),
            )
        )
        _copier(curseur, f"{table}_a_inserer", colonnes, lignes)
        curseur.execute(
            sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} AS {}").format(
                sql.Identifier(table),
                sql.SQL(", ").join(map(sql.Identifier, colonnes + calcules)),
                sql.SQL(", ").join([*map(sql.Identifier, colonnes), *expressions]),
                temporaire,
                sql.Identifier(table),
            ),
            parametres,
        )
        curseur.execute(sql.SQL("DROP TABLE {}").format(temporaire))


@transaction.atomic
def lignes_mettre_a_jour(
    *, modele: type[models.Model], champs: Sequence[str], lignes: Iterable[Sequence]
) -> None:
    """Met à jour des lignes existantes : chacune donne sa clé primaire, puis les
    valeurs de `champs` (attnames) déjà prêtes pour la base."""
    if connection.vendor != "postgresql":
        objets = [
            modele(pk=ligne[0], **dict(zip(champs, ligne[1:], strict=True))) for ligne in lignes
        ]
        # Petits lots : le CASE WHEN de bulk_update coûte le carré de leur taille.
        modele.objects.bulk_update(objets, champs, batch_size=100)
        return
    from psycopg import sql

    cle = modele._meta.pk.column
    colonnes = [modele._meta.get_field(champ).column for champ in champs]
    nom_temporaire = f"{modele._meta.db_table}_mise_a_jour"
    table, temporaire = sql.Identifier(modele._meta.db_table), sql.Identifier(nom_temporaire)
    liste = sql.SQL(", ").join(map(sql.Identifier, [cle, *colonnes]))
    with connection.cursor() as curseur:
        curseur.execute(
            sql.SQL("CREATE TEMPORARY TABLE {} AS SELECT {} FROM {} WITH NO DATA").format(
                temporaire, liste, table
            )
        )
        _copier(curseur, nom_temporaire, [cle, *colonnes], lignes)
        curseur.execute(
            sql.SQL("UPDATE {} AS t SET {} FROM {} AS m WHERE t.{} = m.{}").format(
                table,
                sql.SQL(", ").join(
                    sql.SQL("{} = m.{}").format(sql.Identifier(c), sql.Identifier(c))
                    for c in colonnes
                ),
                temporaire,
                sql.Identifier(cle),
                sql.Identifier(cle),
            )
        )
        curseur.execute(sql.SQL("DROP TABLE {}").format(temporaire))


def lignes_lire(requete: models.QuerySet) -> list[tuple]:
    """Les lignes d'un `values_list` de milliers de lignes, telles que la base les
    donne, sans les convertisseurs des champs de Django.

    Sur PostgreSQL, en format binaire (liaison des paramètres côté serveur) : les
    flottants et les textes arrivent sans être écrits puis relus en texte. Mesuré sur
    les 19 000 lieux de la carte (bench/README.md) : 20 ms contre 35 ms par le
    curseur de Django. Ailleurs, le curseur de Django."""
    try:
        sql, parametres = requete.query.sql_with_params()
    except EmptyResultSet:  # `.none()`, ou un filtre `__in` sur une liste vide
        return []
    if connection.vendor != "postgresql":
        with connection.cursor() as curseur:
            curseur.execute(sql, parametres)
            return curseur.fetchall()
    from psycopg import Cursor, pq

    connection.ensure_connection()
    # Le curseur de Django (ClientCursor) ne sait pas lire en binaire. Celui-ci passe
    # quand même par l'enveloppe de Django (_prepare_cursor, comme connection.cursor) :
    # la requête est comptée par les tests, journalisée et vue des execute_wrapper.
    brut = Cursor(connection.connection)
    brut.format = pq.Format.BINARY
    with connection._prepare_cursor(brut) as curseur:
        curseur.execute(sql, parametres)
        return curseur.fetchall()
