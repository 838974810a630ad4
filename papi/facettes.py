"""Les facettes de l'annuaire : pour chaque liste de choix, les valeurs que des
lieux publiés portent, et combien de lieux portent chacune.

Une seule requête groupée pour toutes les listes (une sous-requête par liste,
réunies par UNION ALL), et non une par option : les champs liste sont stockés
« |a|b| » (papi/fields.py), que la base découpe elle-même — string_to_array et
unnest sur PostgreSQL, json_each sur SQLite (mode démonstration). Le résultat ne
change qu'avec les lieux : il se garde sous la version des lieux."""

from django.core.cache import cache
from django.db import connection

from papi.models import Lieu
from papi.referentiel import SEPARATEUR

# Facette → la colonne unique (code INSEE) ou les champs liste qu'elle réunit.
FACETTE_COMMUNE = "commune"
FACETTES_LISTES = {
    "service": ("services",),
    "public": ("publics_specifiquement_adresses",),
    "accompagnement": ("modalites_accompagnement",),
    "acces": ("modalites_acces",),
    "frais": ("frais_a_charge",),
    # Deux colonnes du standard, une seule liste « Dispositif ou label » à l'écran.
    "programme": ("dispositif_programmes_nationaux", "formations_labels"),
}

Comptes = dict[str, dict[str, int]]


def _colonne(champ: str) -> str:
    return "l." + connection.ops.quote_name(Lieu._meta.get_field(champ).column)


def _eclatee(champs: tuple[str, ...]) -> tuple[str, str]:
    """La source de lignes « une par valeur » des champs liste, et sa colonne."""
    # « |a|b| » || « |c| » = « |a|b||c| » : les vides du découpage sont écartés plus loin.
    texte = " || ".join(_colonne(champ) for champ in champs)
    if connection.vendor == "postgresql":
        return f"unnest(string_to_array({texte}, '{SEPARATEUR}')) AS e(valeur)", "e.valeur"
    # SQLite : la liste devient un tableau JSON (guillemets et barres obliques
    # échappés) que json_each déroule ; chaque ligne de papi_lieu a le sien.
    echappe = f"replace(replace({texte}, '\\', '\\\\'), '\"', '\\\"')"
    tableau = f"'[\"' || replace({echappe}, '{SEPARATEUR}', '\",\"') || '\"]'"
    return f"json_each({tableau}) AS e", "e.value"


def _requete() -> str:
    # Noms de table et de colonnes lus dans _meta et cités par la base, séparateur
    # du standard ; les noms des facettes passent en paramètres.
    table = connection.ops.quote_name(Lieu._meta.db_table)
    publie, insee, cle = _colonne("publie"), _colonne("code_insee"), _colonne("id")
    parties = [
        f"SELECT %s, {insee}, COUNT(*) FROM {table} l WHERE {publie} AND {insee} <> '' GROUP BY 2"  # noqa: S608
    ]
    for champs in FACETTES_LISTES.values():
        source, valeur = _eclatee(champs)
        # COUNT(DISTINCT) : un lieu compte une fois par valeur, même répétée.
        parties.append(
            f"SELECT %s, {valeur}, COUNT(DISTINCT {cle}) FROM {table} l, {source} "  # noqa: S608
            f"WHERE {publie} AND {valeur} <> '' GROUP BY 2"
        )
    return " UNION ALL ".join(parties)


def facettes_compter() -> Comptes:
    """{facette: {valeur: nombre de lieux publiés}}, en une requête."""
    comptes: Comptes = {FACETTE_COMMUNE: {}} | {nom: {} for nom in FACETTES_LISTES}
    with connection.cursor() as curseur:
        curseur.execute(_requete(), [FACETTE_COMMUNE, *FACETTES_LISTES])
        for facette, valeur, nombre in curseur.fetchall():
            comptes[facette][valeur] = nombre
    return comptes


def facettes_des_lieux() -> Comptes:
    """Les comptes, gardés tant que la version des lieux ne change pas (toute
    écriture, publication ou suppression d'un lieu la change)."""
    cle = f"papi:facettes:v1:{Lieu.version_publique()}"
    return cache.get_or_set(cle, facettes_compter, 3600)
