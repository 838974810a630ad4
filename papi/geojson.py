"""Le GeoJSON de la carte des lieux (FeatureCollection RFC 7946), en octets UTF-8.

À 20 000 lieux, écrire chaque Feature à la demande faisait l'essentiel de la réponse
sans cache (bench/README.md). Sur PostgreSQL, un déclencheur l'écrit une fois pour
toutes à chaque écriture du lieu (`Lieu.carte_geojson`, migration 0012 de papi) ;
la carte ne fait que lire ces textes, dans un index couvrant qui suit son ordre, et
les mettre bout à bout. Ailleurs (SQLite, le portail de démonstration), chaque
Feature s'écrit ici, aux mêmes octets : `features_ecrites`, que
tests/papi/test_geojson.py compare à celles de la base.
"""

from decimal import ROUND_HALF_UP, Decimal
from json.encoder import encode_basestring as chaine

from django.db import connection
from django.db.models import BinaryField, F, Func, QuerySet, Value

from brest_numerique.adresses import autour_du_slug
from brest_numerique.copie import lignes_lire

# Cinq décimales : un mètre environ, assez pour un marqueur (RFC 7946, § 11.2).
_PAS = Decimal("0.00001")
_FIN_DE_FEATURE = '"}}'


def coordonnee(valeur: float) -> str:
    """Ce qu'écrit `trim_scale(round(valeur::numeric, 5))` dans le déclencheur :
    PostgreSQL garde 15 chiffres significatifs en passant en numeric, arrondit un
    milieu au plus loin de zéro et n'a pas de zéro négatif."""
    texte = format(Decimal(f"{valeur:.15g}").quantize(_PAS, rounding=ROUND_HALF_UP), "f")
    texte = texte.rstrip("0").rstrip(".")
    return "0" if texte == "-0" else texte


def lieux_en_geojson(lieux: QuerySet) -> bytes:
    """Les lieux de `lieux` qui ont des coordonnées, dans son ordre. Le strict
    nécessaire à la carte (nom, commune, lien vers la fiche) : à 20 000 lieux,
    chaque propriété de plus se paie à chaque affichage de la carte ; le CSV au
    standard national porte, lui, toutes les données."""
    # Une seule adresse inversée : un appel par lieu se verrait sur 20 000 lieux.
    avant, apres = autour_du_slug("papi:detail")
    ecrire = features_de_la_base if connection.vendor == "postgresql" else features_ecrites
    features = b",".join(ecrire(lieux, avant, apres))
    return b'{"type":"FeatureCollection","features":[' + features + b"]}"


def features_de_la_base(lieux: QuerySet, avant: str, apres: str) -> list[bytes]:
    """Les Features écrites par le déclencheur, chacune complétée par PostgreSQL de
    l'adresse de sa fiche (`avant`, slug, `apres`) et lue en octets : ni décodage ni
    réencodage de 4 Mo en Python."""
    feature = Func(
        F("carte_geojson"),
        Value(avant),
        F("slug"),
        Value(apres + _FIN_DE_FEATURE),
        template="convert_to(%(expressions)s, 'UTF8')",
        arg_joiner=" || ",
        output_field=BinaryField(),
    )
    lignes = lignes_lire(lieux.filter(carte_geojson__isnull=False).values_list(feature))
    return [ligne for (ligne,) in lignes]


def features_ecrites(lieux: QuerySet, avant: str, apres: str) -> list[bytes]:
    """Les mêmes Features, écrites ici : les chaînes passent par l'encodeur de `json`
    (celui de `json.dumps(…, ensure_ascii=False)`), comme `to_json` les échappe."""
    lignes = lieux.filter(latitude__isnull=False, longitude__isnull=False).values_list(
        "identifiant", "longitude", "latitude", "nom", "slug", "commune"
    )
    return [
        # RFC 7946 : longitude d'abord.
        f'{{"type":"Feature","id":{chaine(identifiant)},"geometry":{{"type":"Point",'
        f'"coordinates":[{coordonnee(longitude)},{coordonnee(latitude)}]}},'
        f'"properties":{{"nom":{chaine(nom)},"commune":{chaine(commune)},'
        # Un slug (SlugField, validate_slug) n'a que lettres, chiffres, - et _ :
        # rien à échapper.
        f'"url":"{avant}{slug}{apres}{_FIN_DE_FEATURE}'.encode()
        for identifiant, longitude, latitude, nom, slug, commune in lignes
    ]
