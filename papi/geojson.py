"""Le GeoJSON de la carte des lieux (FeatureCollection RFC 7946), en octets UTF-8.

À 20 000 lieux, faire de chaque lieu un dictionnaire puis sérialiser la collection
par `json.dumps` prenait l'essentiel de la réponse sans cache (bench/README.md).
Chaque Feature s'écrit ici d'un seul gabarit de texte : les chaînes passent par
l'encodeur de `json` (celui de `json.dumps(…, ensure_ascii=False)`), les
coordonnées par `repr(round(x, 5))`, l'écriture de `json.dumps` pour un flottant.
Les octets sont ceux de `json.dumps(collection, ensure_ascii=False,
separators=(",", ":"))`, ce que vérifie tests/papi/test_geojson.py.

Les lignes se lisent en binaire (`copie.lignes_lire`) dans un index couvrant
(migration 0010 de papi) : la base n'ouvre pas la table, large de plusieurs
kilo-octets par lieu (textes du standard, vecteur de recherche).
"""

from json.encoder import encode_basestring as chaine

from django.db.models import QuerySet
from django.urls import reverse

from brest_numerique.copie import lignes_lire

# Jalon valide pour le motif <slug:slug>, remplacé ensuite par chaque slug.
_JALON = "jalon-slug"
# Cinq décimales : un mètre environ, assez pour un marqueur (RFC 7946, § 11.2).
DECIMALES = 5


def lieux_en_geojson(lieux: QuerySet) -> bytes:
    """Les lieux de `lieux` qui ont des coordonnées, dans son ordre. Le strict
    nécessaire à la carte (nom, commune, lien vers la fiche) : à 20 000 lieux,
    chaque propriété de plus se paie à chaque affichage de la carte ; le CSV au
    standard national porte, lui, toutes les données."""
    # Un seul `reverse` : le coût d'un appel par lieu se verrait sur 20 000 lieux.
    avant, apres = reverse("papi:detail", args=[_JALON]).split(_JALON)
    lignes = lignes_lire(
        lieux.filter(latitude__isnull=False, longitude__isnull=False).values_list(
            "identifiant", "longitude", "latitude", "nom", "slug", "commune"
        )
    )
    features = ",".join(
        # RFC 7946 : longitude d'abord.
        f'{{"type":"Feature","id":{chaine(identifiant)},"geometry":{{"type":"Point",'
        f'"coordinates":[{round(longitude, DECIMALES)!r},{round(latitude, DECIMALES)!r}]}},'
        f'"properties":{{"nom":{chaine(nom)},"commune":{chaine(commune)},'
        # Un slug (SlugField, validate_slug) n'a que lettres, chiffres, - et _ :
        # rien à échapper, ce qui épargne un encodage par lieu.
        f'"url":"{avant}{slug}{apres}"}}}}'
        for identifiant, longitude, latitude, nom, slug, commune in lignes
    )
    return ('{"type":"FeatureCollection","features":[' + features + "]}").encode()
