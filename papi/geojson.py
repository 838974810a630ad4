"""Le GeoJSON de la carte des lieux (FeatureCollection RFC 7946), en octets UTF-8.

À 20 000 lieux, faire de chaque lieu un dictionnaire puis sérialiser la collection
par `json.dumps` prenait l'essentiel de la réponse sans cache (bench/README.md).
Chaque Feature s'écrit ici d'un seul gabarit de texte : les chaînes passent par
l'encodeur de `json` (celui de `json.dumps(…, ensure_ascii=False)`), les
coordonnées par `repr(round(x, 5))`, l'écriture de `json.dumps` pour un flottant.
Les octets sont ceux de `json.dumps(collection, ensure_ascii=False,
separators=(",", ":"))`, ce que vérifie tests/papi/test_geojson.py.
"""

from json.encoder import encode_basestring as chaine

from django.db.models import QuerySet
from django.urls import reverse

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
    lignes = lieux.filter(latitude__isnull=False, longitude__isnull=False).values_list(
        "identifiant", "longitude", "latitude", "nom", "slug", "commune"
    )
    features = ",".join(
        # RFC 7946 : longitude d'abord.
        f'{{"type":"Feature","id":{chaine(identifiant)},"geometry":{{"type":"Point",'
        f'"coordinates":[{round(longitude, DECIMALES)!r},{round(latitude, DECIMALES)!r}]}},'
        f'"properties":{{"nom":{chaine(nom)},"commune":{chaine(commune)},'
        f'"url":{chaine(avant + slug + apres)}}}}}'
        for identifiant, longitude, latitude, nom, slug, commune in lignes
    )
    return ('{"type":"FeatureCollection","features":[' + features + "]}").encode()
