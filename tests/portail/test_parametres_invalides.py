"""Une adresse ou un paramètre absurde donne une erreur 4xx, jamais une 500."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TROP_GRAND = "9" * 25


@pytest.mark.parametrize(
    ("methode", "url"),
    [
        ("post", f"/commentaires/deposer/{TROP_GRAND}/1/"),
        ("post", f"/commentaires/deposer/1/{TROP_GRAND}/"),
        ("post", f"/commentaires/{TROP_GRAND}/signaler/"),
        ("get", f"/papi/?page={TROP_GRAND}"),
        ("get", "/papi/?lat=nan&lon=nan&tri=distance"),
        ("get", "/papi/?lat=inf&lon=1&tri=distance"),
        ("get", "/papi/lieux.geojson?lat=1e400&lon=nan&tri=distance"),
        ("get", "/papi/?q=%27%22%3C%3E%5C"),
        ("get", "/notifications/desabonnement/%00/"),
        ("get", "/commentaires/confirmer/abc/"),
        ("get", "/commentaires/supprimer/abc/"),
        ("get", "/sante/?portee=%00"),
    ],
)
def test_une_adresse_absurde_ne_provoque_jamais_d_erreur_500(methode, url):
    client = Client(raise_request_exception=False)
    reponse = getattr(client, methode)(url)
    assert 200 <= reponse.status_code < 500, reponse.status_code


def test_un_identifiant_de_page_demesure_dans_la_file_est_ignore(client, webmestre):
    client.force_login(webmestre)
    reponse = client.get(f"/moderation/?page_objet={TROP_GRAND}-1&page={TROP_GRAND}")
    assert reponse.status_code == 200
