"""Le GeoJSON écrit d'un gabarit de texte (papi/geojson.py) donne les octets mêmes de
l'ancienne sérialisation : un dictionnaire par lieu, puis `json.dumps`."""

import json

import pytest
from django.urls import reverse

from papi.geojson import lieux_en_geojson
from papi.models import Lieu
from papi.services import lieux_enregistrer
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

# Ce qui pourrait faire diverger un gabarit de json.dumps : arrondi sur la valeur
# binaire (-4.512345 vaut -4.51234499999…), milieux exacts en écriture décimale,
# entiers (« 48.0 »), zéros signés, valeurs minuscules (« 1e-05 »), longitudes autour
# du méridien de Greenwich ; et, dans les textes, guillemets, barres obliques
# inverses, caractères de contrôle, accents, espaces insécables, emoji.
COORDONNEES = [
    (48.401234, -4.512345),
    (48.400005, -4.500005),
    (48.0, -4.0),
    (47.9999999, 0.0),
    (46.5, -0.0),
    (45.000004, -0.000004),
    (44.00001, 0.00001),
    (43.123456789, 0.000095),
    (-21.1151, 55.5364),
    (16.2650, -61.5510),
    (48.39, -4.49),
    (0.000049999, -179.999995),
]
NOMS = [
    'Médiathèque « Espace "multimédia" »',
    "Salle C:\\ordinateurs\\",
    "Tabulation\tet saut\nde ligne",
    "Contrôle \x01\x1f fin",
    "Café\u00a0numérique",
    "Atelier 🖥️ de l’Îlot",
    "Espace / barre",
    "Ligne\u2028séparée",
    "Nom ordinaire",
    "Ti ar Vro – Kemper",
    "Zéro",
    "Zz dernière",
]


def ancienne_serialisation(lieux) -> bytes:
    avant, apres = reverse("papi:detail", args=["jalon-slug"]).split("jalon-slug")
    lignes = lieux.filter(latitude__isnull=False, longitude__isnull=False).values_list(
        "identifiant", "latitude", "longitude", "nom", "slug", "commune"
    )
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": identifiant,
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(longitude, 5), round(latitude, 5)],
                },
                "properties": {"nom": nom, "commune": commune, "url": f"{avant}{slug}{apres}"},
            }
            for identifiant, latitude, longitude, nom, slug, commune in lignes
        ],
    }
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.fixture
def lieux_difficiles():
    lieux = [
        LieuFactory.build(
            identifiant=f'lieu-"{n}"\\',
            nom=nom,
            commune="Saint-Renan" if n % 2 else "Brest « centre »",
            latitude=latitude,
            longitude=longitude,
        )
        for n, (nom, (latitude, longitude)) in enumerate(zip(NOMS, COORDONNEES, strict=True))
    ]
    lieux.append(LieuFactory.build(nom="Sans coordonnées", latitude=None, longitude=None))
    lieux_enregistrer(lieux=lieux)
    return lieux


def test_memes_octets_que_json_dumps(lieux_difficiles):
    lieux = Lieu.objects.publies()

    assert lieux_en_geojson(lieux) == ancienne_serialisation(lieux)
    assert len(json.loads(lieux_en_geojson(lieux))["features"]) == len(COORDONNEES)


def test_la_vue_sert_ces_octets_dans_l_ordre_des_filtres(client, lieux_difficiles):
    reponse = client.get(
        reverse("papi:geojson"), {"tri": "distance", "lat": "48.39", "lon": "-4.49"}
    )

    proches = Lieu.objects.publies().par_distance(48.39, -4.49)
    assert reponse.content == ancienne_serialisation(proches)
    assert json.loads(reponse.content)["features"][0]["properties"]["nom"] == "Zéro"


def test_collection_vide():
    assert lieux_en_geojson(Lieu.objects.none()) == b'{"type":"FeatureCollection","features":[]}'
