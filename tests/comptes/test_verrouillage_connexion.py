"""Le verrou « 5 échecs en 5 minutes » vaut pour un couple (compte, adresse du
client) : qui connaît l'adresse électronique d'une usagère ne peut plus l'empêcher
de se connecter depuis chez elle."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import MOT_DE_PASSE

pytestmark = pytest.mark.django_db

ADRESSE_A = "198.51.100.1"  # celle de l'attaquant
ADRESSE_B = "203.0.113.7"  # celle de la titulaire du compte
TROP_DE_TENTATIVES = "Trop de tentatives de connexion échouées"


def se_connecter(client, email, mot_de_passe, adresse):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": mot_de_passe},
        REMOTE_ADDR=adresse,
    )


def verrouiller(email, adresse):
    attaquant = Client()
    for _ in range(5):
        reponse = se_connecter(attaquant, email, "pas-le-bon", adresse)
        assert reponse.status_code == 200
        assert TROP_DE_TENTATIVES not in reponse.content.decode()


def test_cinq_echecs_depuis_une_adresse_verrouillent_le_compte_depuis_cette_adresse(
    client, citoyen
):
    verrouiller(citoyen.email, ADRESSE_A)

    # Même le bon mot de passe est refusé depuis l'adresse A, en français.
    reponse = se_connecter(client, citoyen.email, MOT_DE_PASSE, ADRESSE_A)

    assert reponse.status_code == 200
    assert TROP_DE_TENTATIVES in reponse.content.decode()
    assert "_auth_user_id" not in client.session


def test_la_titulaire_se_connecte_depuis_son_adresse_malgre_le_verrou_pose_ailleurs(
    client, citoyen
):
    verrouiller(citoyen.email, ADRESSE_A)

    reponse = se_connecter(client, citoyen.email, MOT_DE_PASSE, ADRESSE_B)

    assert reponse.status_code == 302
    assert reponse.url == reverse("comptes:compte")
    assert client.session["_auth_user_id"] == str(citoyen.pk)


def test_la_titulaire_garde_cinq_essais_depuis_son_adresse_malgre_le_verrou_pose_ailleurs(
    client, citoyen
):
    verrouiller(citoyen.email, ADRESSE_A)

    # Ses propres fautes de frappe depuis B se comptent à part : quatre échecs
    # ne la bloquent pas, le cinquième essai (le bon) passe.
    for _ in range(4):
        echec = se_connecter(client, citoyen.email, "faute-de-frappe", ADRESSE_B)
        assert TROP_DE_TENTATIVES not in echec.content.decode()
    reponse = se_connecter(client, citoyen.email, MOT_DE_PASSE, ADRESSE_B)

    assert reponse.status_code == 302
    assert client.session["_auth_user_id"] == str(citoyen.pk)


def test_le_verrou_d_une_adresse_ne_touche_pas_les_autres_comptes_depuis_cette_adresse(
    client, citoyen, webmestre
):
    verrouiller(citoyen.email, ADRESSE_A)

    reponse = se_connecter(client, webmestre.email, MOT_DE_PASSE, ADRESSE_A)

    assert reponse.status_code == 302
    assert client.session["_auth_user_id"] == str(webmestre.pk)


def test_la_limite_par_adresse_ip_borne_toujours_les_essais_sur_des_comptes_differents(
    client, citoyen
):
    # Dix échecs en une minute depuis une même adresse, sur dix adresses
    # électroniques différentes : le onzième essai est refusé, même juste.
    attaquant = Client()
    for numero in range(10):
        se_connecter(attaquant, f"inconnu{numero}@exemple.fr", "pas-le-bon", ADRESSE_A)

    reponse = se_connecter(client, citoyen.email, MOT_DE_PASSE, ADRESSE_A)

    assert TROP_DE_TENTATIVES in reponse.content.decode()
    assert "_auth_user_id" not in client.session


def test_reinitialiser_son_mot_de_passe_leve_le_verrou_de_son_adresse(
    citoyen, django_capture_on_commit_callbacks
):
    titulaire = Client(REMOTE_ADDR=ADRESSE_B)
    for _ in range(5):
        titulaire.post(reverse("account_login"), {"login": citoyen.email, "password": "oubli"})
    bloquee = titulaire.post(
        reverse("account_login"), {"login": citoyen.email, "password": MOT_DE_PASSE}
    )
    assert TROP_DE_TENTATIVES in bloquee.content.decode()

    # Mot de passe oublié, depuis la même adresse : le lien arrive par courriel
    # (la boîte d'envoi efface le corps des liens de sécurité une fois envoyés).
    with django_capture_on_commit_callbacks(execute=True):
        titulaire.post(reverse("account_reset_password"), {"email": citoyen.email})
    (courriel,) = [m for m in mail.outbox if m.to == [citoyen.email]]
    lien = re.search(r"https?://\S+/password/reset/key/\S+/", courriel.body).group(0)
    formulaire = titulaire.get("/" + lien.split("/", 3)[3])
    assert formulaire.status_code == 302  # allauth range la clé en session
    nouveau = "un-nouveau-mot-de-passe-solide-9"
    with django_capture_on_commit_callbacks(execute=True):
        changement = titulaire.post(formulaire.url, {"password1": nouveau, "password2": nouveau})
    assert changement.status_code == 302

    reponse = titulaire.post(
        reverse("account_login"), {"login": citoyen.email, "password": nouveau}
    )

    assert reponse.status_code == 302
    assert titulaire.session["_auth_user_id"] == str(citoyen.pk)


def test_en_ipv6_le_verrou_vaut_pour_tout_le_prefixe_de_l_abonne(client, citoyen):
    # Un abonné IPv6 dispose d'un /64 entier : changer d'adresse dans ce préfixe
    # ne doit pas lui rendre cinq essais neufs.
    verrouiller(citoyen.email, "2001:db8:0:1::1")

    meme_prefixe = se_connecter(client, citoyen.email, MOT_DE_PASSE, "2001:db8:0:1::2")
    assert TROP_DE_TENTATIVES in meme_prefixe.content.decode()

    autre_prefixe = se_connecter(client, citoyen.email, MOT_DE_PASSE, "2001:db8:0:2::1")
    assert autre_prefixe.status_code == 302
    assert client.session["_auth_user_id"] == str(citoyen.pk)
