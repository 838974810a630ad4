"""Le GeoJSON de la carte (papi/geojson.py) : les Features écrites par le déclencheur
de PostgreSQL (migration 0012) et celles écrites en Python (SQLite) sont les mêmes
octets, le document est du GeoJSON valide aux coordonnées arrondies au mètre, et le
déclencheur suit toutes les écritures d'un lieu."""

import json
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from papi.geojson import features_de_la_base, features_ecrites, lieux_en_geojson
from papi.models import Lieu
from papi.services import lieux_enregistrer
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

# Ce qui pourrait faire diverger le déclencheur et Python : valeurs binaires juste
# sous un milieu (-4.512345 vaut -4.51234499999…), milieux exacts en binaire
# (48 + 1/64 = 48.015625), entiers (« 48 »), zéros signés, valeurs minuscules
# (« 1e-05 » en Python), longitudes autour du méridien de Greenwich et de
# l'antiméridien ; et, dans les textes, guillemets, barres obliques inverses,
# caractères de contrôle, accents, espaces insécables, emoji.
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
    (48.015625, -4.484375),
    (48.39, -4.49),
    (0.000049999, -179.999995),
]
NOMS = [
    'Médiathèque « Espace "multimédia" »',
    "Salle C:\\ordinateurs\\",
    "Tabulation\tet saut\nde ligne",
    "Contrôle \x01\x1f fin\x7f",
    "Café\u00a0numérique",
    "Atelier 🖥️ de l’Îlot",
    "Espace / barre",
    "Ligne\u2028séparée",
    "Nom ordinaire",
    "Ti ar Vro – Kemper",
    "Zéro",
    "Zz dernière",
]
# Cinq décimales, un mètre environ : l'écart à la valeur enregistrée ne dépasse pas
# le demi-pas (à l'écriture décimale des flottants près).
DEMI_PAS = Decimal("0.000005") + Decimal("1e-12")


def _adresses():
    return reverse("papi:detail", args=["jalon-slug"]).split("jalon-slug")


def _collection(corps: bytes) -> dict:
    return json.loads(corps, parse_float=Decimal, parse_int=Decimal)


@pytest.fixture
def lieux_difficiles():
    lieux = [
        LieuFactory.build(
            identifiant=f'lieu-"{n}"\\',
            nom=nom,
            commune="Saint-Renan" if n % 2 else "Brest « centre »",
            latitude=latitude,
            longitude=longitude,
        )
        for n, (nom, (latitude, longitude)) in enumerate(zip(NOMS, COORDONNEES, strict=True))
    ]
    lieux.append(LieuFactory.build(nom="Sans coordonnées", latitude=None, longitude=None))
    lieux_enregistrer(lieux=lieux)
    return lieux


def test_la_base_et_python_ecrivent_les_memes_octets(lieux_difficiles):
    avant, apres = _adresses()
    lieux = Lieu.objects.publies()

    assert features_de_la_base(lieux, avant, apres) == features_ecrites(lieux, avant, apres)


def test_chaque_lieu_geolocalise_est_une_feature_fidele(lieux_difficiles):
    collection = _collection(lieux_en_geojson(Lieu.objects.publies()))

    attendus = {lieu.identifiant: lieu for lieu in lieux_difficiles if lieu.latitude is not None}
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["nom"] for f in collection["features"]] == sorted(
        lieu.nom for lieu in attendus.values()
    )
    for feature in collection["features"]:
        lieu = attendus[feature["id"]]
        longitude, latitude = feature["geometry"]["coordinates"]  # RFC 7946 : longitude d'abord
        assert feature["geometry"]["type"] == "Point"
        assert abs(longitude - Decimal(repr(lieu.longitude))) <= DEMI_PAS
        assert abs(latitude - Decimal(repr(lieu.latitude))) <= DEMI_PAS
        assert -longitude.as_tuple().exponent <= 5 and -latitude.as_tuple().exponent <= 5
        assert feature["properties"] == {
            "nom": lieu.nom,
            "commune": lieu.commune,
            "url": lieu.get_absolute_url(),
        }


def test_la_vue_sert_les_lieux_dans_l_ordre_des_filtres(client, lieux_difficiles):
    reponse = client.get(
        reverse("papi:geojson"), {"tri": "distance", "lat": "48.39", "lon": "-4.49"}
    )

    proches = Lieu.objects.publies().par_distance(48.39, -4.49)
    assert reponse.content == lieux_en_geojson(proches)
    noms = [f["properties"]["nom"] for f in _collection(reponse.content)["features"]]
    assert noms == [lieu.nom for lieu in proches if lieu.latitude is not None]
    assert noms[0] == "Zéro"


def test_le_declencheur_suit_chaque_ecriture(lieux_difficiles):
    lieu = Lieu.objects.get(nom="Nom ordinaire")
    Lieu.objects.filter(pk=lieu.pk).update(nom="Renommé par update()", commune="Plouzané")
    lieu.refresh_from_db()
    lieu.latitude = 48.3602
    lieu.save()
    Lieu.objects.filter(nom="Zéro").update(latitude=None)
    sans = LieuFactory(nom="Géolocalisé ensuite", latitude=None, longitude=None)
    sans.latitude, sans.longitude = 48.4, -4.5
    sans.save(update_fields=["latitude", "longitude"])

    features = {
        f["properties"]["nom"]: f
        for f in _collection(lieux_en_geojson(Lieu.objects.all()))["features"]
    }
    assert features["Renommé par update()"]["properties"]["commune"] == "Plouzané"
    assert features["Renommé par update()"]["geometry"]["coordinates"][1] == Decimal("48.3602")
    assert "Zéro" not in features
    assert features["Géolocalisé ensuite"]["geometry"]["coordinates"] == [
        -Decimal("4.5"),
        Decimal("48.4"),
    ]
    avant, apres = _adresses()
    assert features_de_la_base(Lieu.objects.all(), avant, apres) == features_ecrites(
        Lieu.objects.all(), avant, apres
    )


def _texte(taille: int):
    # PostgreSQL refuse le caractère nul dans un texte ; les autres passent tous.
    return st.text(
        st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
        min_size=1,
        max_size=taille,
    )


# Milieux exacts à la sixième décimale (k/64), autour desquels les arrondis divergent.
MILIEUX = st.integers(-180 * 64, 180 * 64).map(lambda k: k / 64)


@settings(max_examples=60, deadline=None)
@given(
    latitude=st.floats(-90, 90) | MILIEUX.filter(lambda x: abs(x) <= 90),
    longitude=st.floats(-180, 180) | MILIEUX,
    nom=_texte(250),
    commune=_texte(100),
    identifiant=_texte(200),
)
def test_memes_octets_pour_toute_coordonnee_et_tout_texte(
    latitude, longitude, nom, commune, identifiant
):
    avant, apres = _adresses()
    # Chaque exemple dans son point de sauvegarde, annulé : l'identifiant tiré ne
    # gêne pas l'exemple suivant, même après un échec.
    with transaction.atomic():
        lieu = LieuFactory(latitude=latitude, longitude=longitude, nom=nom, commune=commune)
        Lieu.objects.filter(pk=lieu.pk).update(identifiant=identifiant)
        seul = Lieu.objects.filter(pk=lieu.pk)
        ecrites = features_ecrites(seul, avant, apres)
        de_la_base = features_de_la_base(seul, avant, apres)
        transaction.set_rollback(True)

    assert de_la_base == ecrites
    (feature,) = _collection(b'{"features":[' + ecrites[0] + b"]}")["features"]
    assert (feature["id"], feature["properties"]["nom"]) == (identifiant, nom)
    assert abs(feature["geometry"]["coordinates"][1] - Decimal(repr(latitude))) <= DEMI_PAS


def test_collection_vide():
    assert lieux_en_geojson(Lieu.objects.none()) == b'{"type":"FeatureCollection","features":[]}'
