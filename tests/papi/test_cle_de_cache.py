"""Le cache ne garde que les filtres validés, sous leur forme canonique : des
valeurs inconnues ou invalides ne remplissent pas Redis."""

import pytest
from django.core.cache import cache

from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lieux():
    for nom in ("Médiathèque de Bellevue", "Maison de quartier de Kérinou"):
        LieuFactory(nom=nom)


def _cles(motif: str) -> list:
    redis = cache._cache.get_client()
    return redis.keys(f"*{motif}*")


@pytest.mark.parametrize("adresse", ["/papi/", "/papi/lieux.geojson"])
def test_deux_cents_valeurs_invalides_ne_gardent_aucune_copie_de_plus(client, lieux, adresse):
    client.get(adresse)
    avant = len(_cles("papi"))

    for numero in range(200):
        reponse = client.get(
            adresse, {"service": f"inconnu-{numero}", "commune": f"x{numero}", f"p{numero}": "1"}
        )
        assert reponse.status_code == 200

    assert len(_cles("papi")) - avant <= 1


def test_l_ordre_des_filtres_et_les_parametres_inconnus_ne_changent_pas_la_cle(client, lieux):
    client.get("/papi/?wifi=on&fauteuil=on")
    pages = len(_cles("page:papi-liste"))

    client.get("/papi/?fauteuil=on&wifi=on")
    client.get("/papi/?fauteuil=on&wifi=on&utm_source=lettre")

    assert len(_cles("page:papi-liste")) == pages


def test_une_page_dont_un_filtre_est_invalide_n_est_pas_gardee(client, lieux):
    reponse = client.get("/papi/?commune=zzz")

    assert reponse.status_code == 200
    assert not _cles("page:papi-liste")


def test_un_numero_de_page_demesure_n_est_pas_garde(client, lieux):
    for page in ("2", "99999", "١٢", "²"):
        assert client.get("/papi/", {"page": page}).status_code == 200

    assert len(_cles("page:papi-liste")) == 1  # la page 2 seulement


def test_les_liens_de_pagination_ne_reprennent_que_les_filtres_valides(client):
    for numero in range(25):
        LieuFactory(nom=f"Lieu {numero:02}", wifi_gratuit=True)

    page = client.get("/papi/?wifi=on&pister=oui&service=nimporte").content.decode()

    assert "?wifi=1&amp;page=2" in page or "?wifi=1&page=2" in page
    assert "pister" not in page.split("<main", 1)[1].split("</form>", 1)[1]
