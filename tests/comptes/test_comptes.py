import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from brest_numerique.comptes.models import User
from brest_numerique.notifications.models import Desabonnement, Notification
from brest_numerique.notifications.types import sortes_facultatives
from tests.factories import MOT_DE_PASSE

pytestmark = pytest.mark.django_db


def test_le_compte_se_cree_avec_l_adresse_comme_identifiant():
    user = User.objects.create_user("Alice@Exemple.FR", "secret-123456")
    assert user.email == "alice@exemple.fr"
    assert not hasattr(user, "username") or user.username is None
    assert User.USERNAME_FIELD == "email"


def test_inscription_puis_confirmation_puis_connexion(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("account_signup"),
            {
                "email": "nouvelle@exemple.fr",
                "password1": "un-mot-de-passe-solide",
                "password2": "un-mot-de-passe-solide",
            },
        )
    assert reponse.status_code == 302
    assert reponse.url == reverse("account_email_verification_sent")

    # Le courriel de vérification est passé par la boîte d'envoi, en français.
    notification = Notification.objects.get(sorte="compte")
    assert notification.statut == Notification.Statut.ENVOYEE
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle@exemple.fr"]
    assert "Brest numérique" in message.subject
    assert "Bonjour" in message.body
    lien = re.search(r"https?://\S+/compte/confirm-email/\S+/", message.body).group(0)
    chemin = "/" + lien.split("/", 3)[3]

    # Non vérifié : la connexion est refusée et renvoie vers la vérification.
    client.post(
        reverse("account_login"),
        {"login": "nouvelle@exemple.fr", "password": "un-mot-de-passe-solide"},
    )
    assert "_auth_user_id" not in client.session

    with django_capture_on_commit_callbacks(execute=True):
        confirmation = client.post(chemin)
    assert confirmation.status_code == 302
    assert EmailAddress.objects.get(email="nouvelle@exemple.fr").verified
    # La bienvenue, facultative, part après la confirmation.
    assert mail.outbox[-1].subject == "Bienvenue sur Brest numérique"

    client.logout()
    connexion = client.post(
        reverse("account_login"),
        {"login": "nouvelle@exemple.fr", "password": "un-mot-de-passe-solide"},
    )
    assert connexion.status_code == 302
    assert connexion.url == reverse("comptes:compte")
    assert client.get(reverse("comptes:compte")).status_code == 200


def test_un_mauvais_mot_de_passe_repete_mene_a_la_page_429(client, citoyen):
    identifiants = {"login": citoyen.email, "password": "pas-le-bon"}
    premiere = client.post(reverse("account_login"), identifiants)
    assert premiere.status_code == 200
    assert "incorrect" in premiere.content.decode()

    for _ in range(40):
        reponse = client.post(reverse("account_login"), identifiants)
        if reponse.status_code == 429:
            break

    assert reponse.status_code == 429
    assert "Trop de demandes" in reponse.content.decode()


def test_apres_cinq_echecs_meme_le_bon_mot_de_passe_est_bloque(client, citoyen):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": citoyen.email, "password": "faux"})

    reponse = client.post(
        reverse("account_login"), {"login": citoyen.email, "password": MOT_DE_PASSE}
    )

    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in reponse.content.decode()


def test_l_enumeration_des_comptes_est_empechee(
    client, citoyen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        connu = client.post(reverse("account_reset_password"), {"email": citoyen.email})
        inconnu = client.post(reverse("account_reset_password"), {"email": "inconnu@exemple.fr"})

    assert connu.status_code == inconnu.status_code == 302
    assert connu.url == inconnu.url


def test_l_administration_passe_par_la_connexion_du_portail(client, administrateur):
    reponse = client.get("/admin/")
    assert reponse.status_code == 302
    connexion = client.get(reponse.url, follow=True)
    assert connexion.request["PATH_INFO"] == reverse("account_login")

    client.force_login(administrateur)
    assert client.get("/admin/").status_code == 200


def test_la_page_de_compte_enregistre_les_preferences_de_notification(client, citoyen):
    client.force_login(citoyen)
    page = client.get(reverse("comptes:compte"))
    assert "Message de bienvenue" in page.content.decode()
    assert "Sécurité du compte" not in page.content.decode(), "essentielle : pas de case"

    client.post(reverse("comptes:compte"), {})
    assert Desabonnement.objects.filter(email=citoyen.email, sorte="bienvenue").exists()

    # Toutes les cases cochées : plus aucune désinscription.
    proposees = {s.code: "on" for s in sortes_facultatives(citoyen)}
    assert {"bienvenue", "commentaire_reponse", "dossier_message"} <= set(proposees)
    client.post(reverse("comptes:compte"), proposees)
    assert not Desabonnement.objects.filter(email=citoyen.email).exists()


def test_seuls_les_moderateurs_se_voient_proposer_les_notifications_de_moderation(
    client, citoyen, webmestre
):
    client.force_login(citoyen)
    assert "Résumé quotidien" not in client.get(reverse("comptes:compte")).content.decode()
    client.force_login(webmestre)
    assert "Résumé quotidien" in client.get(reverse("comptes:compte")).content.decode()


def test_la_page_de_compte_demande_la_connexion(client):
    reponse = client.get(reverse("comptes:compte"))
    assert reponse.status_code == 302
    assert reponse.url.startswith(reverse("account_login"))
