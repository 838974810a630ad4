"""Écritures en masse, pour tout modèle : COPY sur PostgreSQL, bulk_create et
bulk_update ailleurs (SQLite). Le module ne connaît aucune application : il ne
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
