"""Les en-têtes X-Forwarded-* ne sont crus que venant d'un mandataire déclaré."""

from ipaddress import ip_network

import pytest
from django.test import RequestFactory

from brest_numerique.mandataires import MandatairesDeConfianceMiddleware, adresse_du_client

NGINX = (ip_network("127.0.0.1/32"), ip_network("10.0.0.0/8"))


def _vu_par_la_vue(**meta):
    """Ce que la vue voit de la requête après le middleware."""
    vu = {}

    def vue(request):
        vu.update(ip=request.META["REMOTE_ADDR"], https=request.is_secure())
        return None

    MandatairesDeConfianceMiddleware(vue)(RequestFactory().get("/", **meta))
    return vu


@pytest.mark.parametrize(
    ("socket", "xff", "attendu"),
    [
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),  # pas un mandataire : rien ne change
        ("127.0.0.1", "198.51.100.1", "198.51.100.1"),
        ("127.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # la gauche vient du client
        ("127.0.0.1", "198.51.100.1, 10.0.0.3", "198.51.100.1"),  # deux mandataires
        ("127.0.0.1", "n'importe quoi", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", "10.0.0.4, 10.0.0.3", "10.0.0.4"),
    ],
)
def test_l_adresse_du_client_se_lit_de_droite_a_gauche_jusqu_au_premier_inconnu(
    socket, xff, attendu
):
    meta = {"REMOTE_ADDR": socket, "HTTP_X_FORWARDED_FOR": xff}
    assert adresse_du_client(meta, NGINX) == attendu


@pytest.mark.parametrize(
    ("mandataires", "socket", "xff", "attendu"),
    [
        # Sans mandataire déclaré, un client ne choisit ni son adresse ni HTTPS.
        ((), "203.0.113.7", "198.51.100.1", {"ip": "203.0.113.7", "https": False}),
        # Un mandataire déclaré transmet l'adresse et le schéma.
        (NGINX, "127.0.0.1", "198.51.100.1", {"ip": "198.51.100.1", "https": True}),
        # Un client qui n'est pas le mandataire perd ses en-têtes, même s'il en existe un.
        (NGINX, "203.0.113.7", "127.0.0.1", {"ip": "203.0.113.7", "https": False}),
    ],
)
def test_seul_un_mandataire_declare_fixe_l_adresse_et_le_schema(
    settings, mandataires, socket, xff, attendu
):
    settings.TRUSTED_PROXIES = mandataires
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    vu = _vu_par_la_vue(
        REMOTE_ADDR=socket, HTTP_X_FORWARDED_FOR=xff, HTTP_X_FORWARDED_PROTO="https"
    )

    assert vu == attendu
