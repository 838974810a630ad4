"""Les courriels d'allauth (réinitialisation du mot de passe, confirmation
d'adresse) portent un lien qui ouvre le compte : ni la boîte d'envoi, une fois le
sort du courriel réglé, ni l'administration ne doivent le laisser lire."""

import re
import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from brest_numerique.notifications.models import CORPS_EFFACE, Notification
from brest_numerique.notifications.services import notify
from brest_numerique.notifications.tasks import ESSAIS_MAX

pytestmark = pytest.mark.django_db

LIEN_DE_REINITIALISATION = re.compile(r"/compte/password/reset/key/([0-9A-Za-z]+-[^/\s\"<]+)/")


def _demander_un_nouveau_mot_de_passe(client, email) -> Notification:
    reponse = client.post(reverse("account_reset_password"), {"email": email})
    assert reponse.status_code == 302
    return Notification.objects.get(sorte="compte")


def _page_d_administration(client, notification) -> str:
    url = reverse("admin:notifications_notification_change", args=[notification.pk])
    reponse = client.get(url)
    assert reponse.status_code == 200
    return reponse.content.decode()


def test_le_lien_de_reinitialisation_est_efface_de_la_boite_d_envoi_une_fois_envoye(
    client, citoyen, administrateur, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _demander_un_nouveau_mot_de_passe(client, citoyen.email)

    (courriel,) = mail.outbox
    cle = LIEN_DE_REINITIALISATION.search(courriel.body).group(1)
    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.ENVOYEE
    assert cle not in notification.corps_texte
    assert cle not in notification.corps_html
    assert notification.corps_texte == CORPS_EFFACE

    client.force_login(administrateur)
    assert cle not in _page_d_administration(client, notification)


def test_l_administration_ne_montre_pas_le_lien_d_une_notification_sensible_en_attente(
    client, citoyen, administrateur
):
    # Sans capture des rappels on_commit, le courriel attend dans la boîte d'envoi,
    # son lien encore dans la ligne : c'est l'affichage qui doit le taire.
    notification = _demander_un_nouveau_mot_de_passe(client, citoyen.email)
    cle = LIEN_DE_REINITIALISATION.search(notification.corps_texte).group(1)
    ordinaire = notify(kind="bienvenue", to=citoyen, key="bienvenue:admin")

    client.force_login(administrateur)
    page = _page_d_administration(client, notification)

    assert cle not in page
    assert "contient un lien de sécurité" in page
    # Une notification ordinaire montre toujours son corps : la page n'est pas vide.
    assert ordinaire.corps_texte.split()[0] in _page_d_administration(client, ordinaire)
    # L'enregistrement de la page (tous les champs sont en lecture seule) n'y change rien.
    client.post(
        reverse("admin:notifications_notification_change", args=[notification.pk]),
        {"corps_texte": "remplacé"},
    )
    notification.refresh_from_db()
    assert cle in notification.corps_texte


def test_une_notification_sensible_en_echec_est_effacee_et_ne_se_renvoie_pas(
    client, citoyen, administrateur, serveur_en_panne, django_capture_on_commit_callbacks
):
    serveur_en_panne.append(
        smtplib.SMTPRecipientsRefused({citoyen.email: (550, b"boite inconnue")})
    )
    with django_capture_on_commit_callbacks(execute=True):
        notification = _demander_un_nouveau_mot_de_passe(client, citoyen.email)
    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.ECHEC
    assert notification.corps_texte == CORPS_EFFACE
    assert notification.corps_html == ""

    client.force_login(administrateur)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "renvoyer", "_selected_action": [notification.pk]},
            follow=True,
        )

    page = reponse.content.decode()
    assert "n&#x27;a pas été renvoyée" in page
    assert "demander un nouveau lien" in page
    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.ECHEC
    assert mail.outbox == []


def test_une_notification_sensible_abandonnee_apres_ses_essais_est_effacee(
    client, citoyen, serveur_en_panne, django_capture_on_commit_callbacks
):
    serveur_en_panne.extend(ConnectionRefusedError("refus") for _ in range(ESSAIS_MAX + 1))
    with django_capture_on_commit_callbacks(execute=True):
        notification = _demander_un_nouveau_mot_de_passe(client, citoyen.email)

    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.ECHEC
    assert notification.corps_texte == CORPS_EFFACE
    assert mail.outbox == []


def test_une_notification_ordinaire_garde_son_corps_apres_l_envoi(
    citoyen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(kind="bienvenue", to=citoyen, key="bienvenue:garde")

    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.ENVOYEE
    assert notification.corps_texte == mail.outbox[0].body
