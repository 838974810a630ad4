from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail

from brest_numerique.notifications.models import Contenu, Desabonnement, Notification
from brest_numerique.notifications.services import (
    lien_desabonnement,
    lire_jeton_desabonnement,
    notify,
)
from tests.courriels import jeton_du_lien

pytestmark = pytest.mark.django_db


def _chemin(lien: str) -> str:
    return urlsplit(lien).path


def test_une_notification_facultative_porte_un_lien_de_desinscription_en_un_clic(
    citoyen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="bienvenue", to=citoyen, key="b1")

    message = mail.outbox[0]
    jeton = jeton_du_lien(message.body, "notifications:desabonnement")
    assert lire_jeton_desabonnement(jeton) == (citoyen.email.lower(), "bienvenue")
    assert jeton_du_lien(message.alternatives[0][0], "notifications:desabonnement") == jeton
    en_tete = message.extra_headers["List-Unsubscribe"]
    assert jeton_du_lien(en_tete, "notifications:desabonnement") == jeton
    assert en_tete.startswith(f"<{settings.SITE_URL}/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_le_lien_de_desinscription_arrete_les_notifications_facultatives(client, citoyen):
    chemin = _chemin(lien_desabonnement(email=citoyen.email, sorte="bienvenue"))

    apercu = client.get(chemin)
    assert apercu.status_code == 200
    assert not Desabonnement.objects.exists(), "un simple GET ne doit rien changer"

    reponse = client.post(chemin)
    assert reponse.status_code == 200
    assert "ne recevra plus" in reponse.content.decode()
    assert Desabonnement.objects.filter(email=citoyen.email, sorte="bienvenue").exists()
    assert notify(kind="bienvenue", to=citoyen, key="apres") is None
    assert not Notification.objects.exists()


def test_un_lien_de_desinscription_altere_est_refuse(client, citoyen):
    chemin = _chemin(lien_desabonnement(email=citoyen.email, sorte="bienvenue"))
    # On change la fin de la signature.
    altere = chemin[:-4] + ("AAA/" if not chemin.endswith("AAA/") else "BBB/")

    reponse = client.post(altere)

    assert reponse.status_code == 400
    assert "invalide" in reponse.content.decode()
    assert not Desabonnement.objects.exists()


def test_on_ne_peut_pas_se_desinscrire_d_une_notification_essentielle(client, citoyen):
    chemin = _chemin(lien_desabonnement(email=citoyen.email, sorte="compte"))

    assert client.post(chemin).status_code == 400
    Desabonnement.objects.create(email=citoyen.email, sorte="compte")
    contenu = Contenu(sujet="Nouveau mot de passe", texte="Votre mot de passe a changé.")
    assert notify(kind="compte", to=citoyen, key="securite", contenu=contenu) is not None
