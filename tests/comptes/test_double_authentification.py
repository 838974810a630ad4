"""Double authentification TOTP facultative (allauth.mfa), y compris pour l'administration."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from tests.factories import MOT_DE_PASSE

pytestmark = pytest.mark.django_db


def code_du_moment(secret: str) -> str:
    compteur = list(yield_hotp_counters_from_time())[
        len(list(yield_hotp_counters_from_time())) // 2
    ]
    return format_hotp_value(hotp_value(secret, compteur))


def se_connecter(client, email: str):
    return client.post(reverse("account_login"), {"login": email, "password": MOT_DE_PASSE})


def confirmer_mot_de_passe(client):
    """Activer un second facteur exige de redonner son mot de passe."""
    client.post(reverse("account_reauthenticate"), {"password": MOT_DE_PASSE})


def test_activer_totp_puis_le_code_est_exige_a_la_connexion(client, administrateur):
    se_connecter(client, administrateur.email)
    confirmer_mot_de_passe(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page.get("Location")
    assert "data:image/svg+xml" in page.content.decode(), "le QR code s'affiche malgré la CSP"
    secret = client.session[SECRET_SESSION_KEY]

    activation = client.post(reverse("mfa_activate_totp"), {"code": code_du_moment(secret)})
    assert activation.status_code == 302
    assert Authenticator.objects.filter(user=administrateur, type=Authenticator.Type.TOTP).exists()

    client.logout()
    etape = se_connecter(client, administrateur.email)
    assert etape.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    # Sans le code, l'administration reste fermée.
    assert client.get("/admin/").status_code == 302

    client.post(reverse("mfa_authenticate"), {"code": code_du_moment(secret)})
    assert client.get("/admin/").status_code == 200


def test_un_mauvais_code_est_refuse_en_francais(client, citoyen):
    se_connecter(client, citoyen.email)
    confirmer_mot_de_passe(client)
    client.get(reverse("mfa_activate_totp"))

    reponse = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert reponse.status_code == 200
    assert "Code incorrect" in reponse.content.decode()
    assert not Authenticator.objects.filter(user=citoyen).exists()
