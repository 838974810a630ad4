"""L'inscription ne dit pas qui a déjà un compte, ni par la page ni par le temps
de réponse : les deux chemins (adresse neuve, adresse déjà inscrite) font le même
travail coûteux. On compare ce travail (le nombre de hachages du mot de passe),
non des chronomètres, qui seraient trop instables pour un test."""

import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from brest_numerique.comptes.models import User
from brest_numerique.notifications.models import Notification

pytestmark = pytest.mark.django_db

MOT_DE_PASSE_SOLIDE = "un-mot-de-passe-solide-42"


class HacheurCompteur(MD5PasswordHasher):
    """Le hacheur MD5 des tests, qui compte ses hachages (encode)."""

    algorithm = "md5_compteur"
    appels = 0

    def encode(self, password, salt):
        HacheurCompteur.appels += 1
        return super().encode(password, salt)


@pytest.fixture
def hachages(settings):
    """Le nombre de hachages faits depuis l'appel de la fixture. Elle passe après
    l'autouse de tests/conftest.py (qui impose MD5) : c'est elle qui l'emporte."""
    settings.PASSWORD_HASHERS = ["tests.comptes.test_enumeration.HacheurCompteur"]
    HacheurCompteur.appels = 0
    return lambda: HacheurCompteur.appels


def s_inscrire(email, mot_de_passe=MOT_DE_PASSE_SOLIDE, mot_de_passe2=None, client=None):
    # Un client neuf par inscription : le second essai ne profite ni de la
    # session ni des cookies du premier.
    mot_de_passe = email if mot_de_passe is None else mot_de_passe
    return (client or Client()).post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": mot_de_passe,
            "password2": mot_de_passe if mot_de_passe2 is None else mot_de_passe2,
        },
    )


def test_les_deux_chemins_de_l_inscription_hachent_le_mot_de_passe_une_fois(citoyen, hachages):
    s_inscrire("nouvelle@exemple.fr")
    hachages_nouvelle = hachages()
    s_inscrire(citoyen.email)
    hachages_existante = hachages() - hachages_nouvelle

    assert hachages_nouvelle == 1
    assert hachages_existante == hachages_nouvelle
    # Le chemin « compte déjà existant » n'a rien écrit dans le compte existant.
    citoyen_relu = User.objects.get(pk=citoyen.pk)
    assert citoyen_relu.password == citoyen.password
    assert User.objects.filter(email="nouvelle@exemple.fr").exists()


def test_les_deux_chemins_de_l_inscription_repondent_la_meme_redirection(citoyen, hachages):
    reponse_nouvelle = s_inscrire("nouvelle@exemple.fr")
    reponse_existante = s_inscrire(citoyen.email)

    assert reponse_nouvelle.status_code == reponse_existante.status_code == 302
    assert (
        reponse_nouvelle.url == reponse_existante.url == reverse("account_email_verification_sent")
    )


def test_les_deux_chemins_de_l_inscription_affichent_la_meme_page(citoyen, hachages):
    client_nouvelle, client_existante = Client(), Client()
    s_inscrire("nouvelle@exemple.fr", client=client_nouvelle)
    s_inscrire(citoyen.email, client=client_existante)

    page_nouvelle = client_nouvelle.get(reverse("account_email_verification_sent"))
    page_existante = client_existante.get(reverse("account_email_verification_sent"))

    # Au jeton CSRF près (propre à chaque client) et à l'adresse saisie près,
    # que la page rappelle, les deux pages sont identiques octet pour octet.
    def sans_variable(page, email):
        texte = page.content.decode().replace(email, "ADRESSE")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", texte)

    assert page_nouvelle.status_code == page_existante.status_code == 200
    assert "ADRESSE" in sans_variable(page_nouvelle, "nouvelle@exemple.fr")
    assert sans_variable(page_nouvelle, "nouvelle@exemple.fr") == sans_variable(
        page_existante, citoyen.email
    )


def test_les_deux_chemins_de_l_inscription_ecrivent_un_seul_courriel_a_l_adresse_saisie(
    citoyen, hachages
):
    s_inscrire("nouvelle@exemple.fr")
    courriels_nouvelle = list(Notification.objects.filter(sorte="compte"))
    s_inscrire(citoyen.email)
    courriels_existante = list(
        Notification.objects.filter(sorte="compte").exclude(
            pk__in=[n.pk for n in courriels_nouvelle]
        )
    )

    assert len(courriels_nouvelle) == len(courriels_existante) == 1
    assert courriels_nouvelle[0].destinataire == "nouvelle@exemple.fr"
    assert courriels_existante[0].destinataire == citoyen.email
    # L'une reçoit le lien de vérification, l'autre l'avis « vous avez déjà un compte ».
    assert courriels_nouvelle[0].cle.startswith("compte:email_confirmation_signup:")
    assert courriels_existante[0].cle.startswith("compte:account_already_exists:")


@pytest.mark.parametrize(
    ("mot_de_passe", "mot_de_passe2"),
    [
        ("12345678", None),  # trop courant, entièrement numérique
        ("court", None),  # trop court
        (None, None),  # l'adresse saisie elle-même : trop proche de l'adresse
        (MOT_DE_PASSE_SOLIDE, "un-autre-mot-de-passe-43"),  # les deux saisies diffèrent
    ],
)
def test_un_mot_de_passe_refuse_l_est_de_la_meme_facon_sur_les_deux_chemins(
    citoyen, hachages, mot_de_passe, mot_de_passe2
):
    nouvelle = "usager-nouveau@exemple.fr"
    reponse_nouvelle = s_inscrire(nouvelle, mot_de_passe, mot_de_passe2)
    reponse_existante = s_inscrire(citoyen.email, mot_de_passe, mot_de_passe2)

    assert reponse_nouvelle.status_code == reponse_existante.status_code == 200
    erreurs_nouvelle = reponse_nouvelle.context["form"].errors
    erreurs_existante = reponse_existante.context["form"].errors
    assert erreurs_nouvelle, "le mot de passe aurait dû être refusé"
    assert erreurs_nouvelle == erreurs_existante
    # Refusé avant tout travail : ni hachage, ni compte, ni courriel, sur aucun chemin.
    assert hachages() == 0
    assert not User.objects.filter(email=nouvelle).exists()
    assert not Notification.objects.exists()
