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

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

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


@contextmanager
def cles_etrangeres_verifiees_d_un_bloc(modele: type[models.Model], *, si: bool) -> Iterator[None]:
    """Les clés étrangères de la table du modèle vérifiées d'un bloc à la sortie,
    et non ligne à ligne (PostgreSQL, quand `si` est vrai ; ailleurs, rien ne change).

    Chaque ligne écrite dans une table à clé étrangère coûte une requête de
    vérification, jouée à la validation de la transaction : 0,7 s pour les
    140 000 créneaux d'un import de 20 000 lieux. Retirer la contrainte avant
    l'écriture et la remettre après, comme le conseille la documentation de
    PostgreSQL pour les chargements en masse (« Populating a Database »), la fait
    vérifier en une seule jointure, sur toute la table. Une ligne orpheline fait
    échouer la transaction entière, comme avant.

    Retirer une clé étrangère verrouille les deux tables jusqu'à la fin de la
    transaction, lectures comprises : à réserver aux écritures en masse, en fin
    de transaction.
    """
    if not si or connection.vendor != "postgresql":
        yield
        return
    table = modele._meta.db_table
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        contraintes = curseur.fetchall()
        for nom, _definition in contraintes:
            curseur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{nom}"')
    yield
    with connection.cursor() as curseur:
        for nom, definition in contraintes:
            curseur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{nom}" {definition}')


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
