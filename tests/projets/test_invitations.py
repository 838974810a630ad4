"""Accepter une invitation à rejoindre une structure : lien signé, expiré, falsifié, autre compte."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from projets.candidature.views_structures import jeton_d_invitation
from projets.models import (
    Invitation,
    Membre,
)
from tests.factories import UserFactory
from tests.projets.factories import (
    StructureFactory,
    candidat,
)
from tests.projets.test_structures import connecte

pytestmark = pytest.mark.django_db
ESPACE = "/appels-a-projets/espace/"
CREER = "/appels-a-projets/structures/nouvelle/"


# --- Accepter une invitation --------------------------------------------------------------


@pytest.fixture
def invitation():
    structure = StructureFactory(nom="Canal Ti Zef")
    return Invitation.objects.create(
        structure=structure, email="camille@exemple.fr", invitee_par=candidat(structure)
    )


def lien(invitation) -> str:
    return reverse("projets:invitation", args=[jeton_d_invitation(invitation)])


def test_l_invitee_connectee_a_la_bonne_adresse_accepte_et_devient_membre(client, invitation):
    camille = connecte(client, UserFactory(email="Camille@exemple.fr"))

    page = client.get(lien(invitation))
    reponse = client.post(lien(invitation))

    assert page.status_code == 200 and "Rejoindre « Canal Ti Zef »" in page.content.decode()
    assert reponse.status_code == 302
    assert Membre.objects.filter(structure=invitation.structure, user=camille).exists()
    invitation.refresh_from_db()
    assert invitation.acceptee_le is not None
    # Le lien ouvert à nouveau mène à la structure, sans second membre.
    assert client.post(lien(invitation)).status_code == 302
    assert Membre.objects.filter(user=camille).count() == 1


def test_un_jeton_falsifie_repond_400_meme_sans_connexion(client, invitation):
    jeton = jeton_d_invitation(invitation)
    autre = Invitation.objects.create(structure=StructureFactory(), email="camille@exemple.fr")

    assert client.get(reverse("projets:invitation", args=["jeton-invalide"])).status_code == 400
    connecte(client, UserFactory(email="camille@exemple.fr"))
    # Une lettre changée dans la signature, ou le numéro d'une autre invitation.
    falsifie = jeton[:-1] + ("A" if jeton[-1] != "A" else "B")
    assert client.post(reverse("projets:invitation", args=[falsifie])).status_code == 400
    entete, reste = jeton.split(":", 1)
    assert (
        client.post(reverse("projets:invitation", args=[f"{entete}x:{reste}"])).status_code == 400
    )
    assert not Membre.objects.filter(
        structure__in=[invitation.structure, autre.structure], user__email="camille@exemple.fr"
    ).exists()


def test_un_lien_expire_l_explique_et_ne_fait_rien(client, invitation, settings):
    url = lien(invitation)
    camille = connecte(client, UserFactory(email="camille@exemple.fr"))

    with time_machine.travel(
        timezone.now() + timedelta(days=settings.PROJETS_INVITATION_JOURS, seconds=5)
    ):
        page = client.get(url)
        envoi = client.post(url)

    assert page.status_code == envoi.status_code == 410
    assert "a expiré" in page.content.decode()
    assert not Membre.objects.filter(user=camille).exists()


def test_un_lien_encore_valable_la_veille_de_l_expiration(client, invitation, settings):
    url = lien(invitation)
    connecte(client, UserFactory(email="camille@exemple.fr"))

    with time_machine.travel(
        timezone.now() + timedelta(days=settings.PROJETS_INVITATION_JOURS - 1)
    ):
        assert client.get(url).status_code == 200


def test_une_invitation_ouverte_par_un_autre_compte_est_refusee(client, invitation):
    intrus = connecte(client, UserFactory(email="intrus@exemple.fr"))

    page = client.get(lien(invitation))
    envoi = client.post(lien(invitation))

    assert page.status_code == envoi.status_code == 403
    assert "une autre adresse" in page.content.decode()
    assert not Membre.objects.filter(user=intrus).exists()
    invitation.refresh_from_db()
    assert invitation.acceptee_le is None


def test_la_bonne_adresse_non_verifiee_ne_suffit_pas(client, invitation):
    camille = connecte(client, UserFactory(email="camille@exemple.fr", email_verifie=False))

    assert client.post(lien(invitation)).status_code == 403
    assert not Membre.objects.filter(user=camille).exists()

    EmailAddress.objects.filter(user=camille).update(verified=True)
    assert client.post(lien(invitation)).status_code == 302
    assert Membre.objects.filter(user=camille).exists()


def test_sans_connexion_le_lien_invite_a_se_connecter_avec_l_adresse_invitee(client, invitation):
    reponse = client.get(lien(invitation))

    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "camille@exemple.fr" in html and reverse("account_login") in html
    assert client.post(lien(invitation)).status_code == 200
    assert (
        not Membre.objects.filter(structure=invitation.structure)
        .exclude(user=invitation.invitee_par)
        .exists()
    )


def test_une_invitation_deja_acceptee_ne_sert_pas_deux_fois(client, invitation):
    connecte(client, UserFactory(email="camille@exemple.fr"))
    client.post(lien(invitation))
    # Un second compte à la même adresse (changée entre-temps) ne la réutilise pas.
    client.logout()
    User = type(invitation.invitee_par)
    User.objects.filter(email__iexact="camille@exemple.fr").update(email="ancienne@exemple.fr")
    EmailAddress.objects.filter(email__iexact="camille@exemple.fr").update(
        email="ancienne@exemple.fr"
    )
    second = connecte(client, UserFactory(email="camille@exemple.fr"))

    reponse = client.post(lien(invitation))

    assert reponse.status_code == 410
    assert not Membre.objects.filter(user=second).exists()


@pytest.mark.parametrize("jeton", ["::::", "é:à:ü", "a" * 500, "eyJpIjoiMSJ9:1xYM8z:abc"])
def test_un_jeton_illisible_repond_400_et_non_500(client, jeton):
    connecte(client)

    assert client.get(reverse("projets:invitation", args=[jeton])).status_code == 400


def test_une_structure_de_numero_hors_limites_repond_404(client):
    connecte(client)

    assert client.get("/appels-a-projets/structures/99999999999999999999/").status_code == 404
    assert (
        client.post("/appels-a-projets/structures/99999999999999999999/inviter/").status_code == 404
    )
