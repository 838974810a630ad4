"""Les droits gardés d'une requête à l'autre (brest_numerique/comptes/droits.py) :
une page de l'équipe ne redemande à la base ni la session, ni les permissions, ni
l'adresse vérifiée ; et toute écriture qui change un droit se voit à la requête
suivante, quelle qu'elle soit et dans quelque ordre qu'elles viennent."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from brest_numerique.comptes.droits import _calculer, droits_du_compte
from brest_numerique.comptes.models import User
from brest_numerique.comptes.roles import ACTIONS, Role, peut
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TABLES_DES_DROITS = ("django_session", "auth_permission", "account_emailaddress")


def _relu(user) -> User:
    """Le compte tel qu'une requête neuve le charge."""
    return User.objects.get(pk=user.pk)


def test_une_page_de_l_equipe_ne_relit_pas_les_droits(client, webmestre):
    client.force_login(webmestre)
    assert client.get("/moderation/").status_code == 200

    with CaptureQueriesContext(connection) as requetes:
        assert client.get("/moderation/").status_code == 200

    lues = [q["sql"] for q in requetes if any(t in q["sql"] for t in TABLES_DES_DROITS)]
    assert lues == []


def test_l_inscription_d_un_autre_compte_ne_perime_pas_ces_droits(client, webmestre):
    client.force_login(webmestre)
    client.get("/moderation/")

    UserFactory()  # son adresse vérifiée n'intéresse que lui

    with CaptureQueriesContext(connection) as requetes:
        assert client.get("/moderation/").status_code == 200
    assert not [q for q in requetes if "auth_permission" in q["sql"]]


def test_un_webmestre_retire_du_role_perd_la_file_a_la_requete_suivante(client, webmestre):
    client.force_login(webmestre)
    assert client.get("/moderation/").status_code == 200

    webmestre.groups.remove(Group.objects.get(name=Role.WEBMESTRES))

    assert client.get("/moderation/").status_code == 403


def test_un_role_vide_de_ses_membres_ferme_la_file(client, webmestre):
    client.force_login(webmestre)
    assert client.get("/moderation/").status_code == 200

    # Vu du groupe, clear() ne dit pas quels comptes il retire.
    Group.objects.get(name=Role.WEBMESTRES).user_set.clear()

    assert client.get("/moderation/").status_code == 403


def test_un_role_accorde_se_voit_a_la_requete_suivante(client, citoyen):
    client.force_login(citoyen)
    assert client.get("/moderation/").status_code == 403

    Group.objects.get(name=Role.WEBMESTRES).user_set.add(citoyen)

    assert client.get("/moderation/").status_code == 200


def test_une_adresse_qui_n_est_plus_verifiee_ferme_la_file(client, webmestre):
    client.force_login(webmestre)
    assert client.get("/moderation/").status_code == 200

    adresse = EmailAddress.objects.get(user=webmestre)
    adresse.verified = False
    adresse.save()

    assert client.get("/moderation/").status_code == 403


def test_une_permission_retiree_au_groupe_se_voit_aussitot(client, webmestre):
    client.force_login(webmestre)
    assert client.get("/moderation/").status_code == 200

    Group.objects.get(name=Role.WEBMESTRES).permissions.remove(
        Permission.objects.get(codename="moderer_commentaires")
    )

    assert client.get("/moderation/").status_code == 403


# --- Toute suite d'écritures : les droits gardés sont ceux de la base -------------

PERMISSION = ("comptes", "moderer_commentaires")


def _permission() -> Permission:
    return Permission.objects.get(content_type__app_label=PERMISSION[0], codename=PERMISSION[1])


def _autre_groupe() -> Group:
    return Group.objects.get_or_create(name="Essai des droits")[0]


def _adresse(user, verifiee: bool) -> None:
    adresse = EmailAddress.objects.filter(user=user).first() or EmailAddress(
        user=user, email=user.email
    )
    adresse.email, adresse.verified = user.email, verifiee
    adresse.save()


def _changer(user, **champs) -> None:
    for nom, valeur in champs.items():
        setattr(user, nom, valeur)
    user.save()


# Chaque écriture par laquelle l'équipe ou allauth change un droit, par l'un ou
# l'autre côté des relations.
ECRITURES = {
    "entrer_webmestres": lambda u: u.groups.add(Group.objects.get(name=Role.WEBMESTRES)),
    "sortir_webmestres": lambda u: u.groups.remove(Group.objects.get(name=Role.WEBMESTRES)),
    "entrer_autre_groupe": lambda u: _autre_groupe().user_set.add(u),
    "sortir_webmestres_cote_groupe": lambda u: Group.objects.get(
        name=Role.WEBMESTRES
    ).user_set.remove(u),
    "vider_autre_groupe_cote_groupe": lambda u: _autre_groupe().user_set.clear(),
    "vider_les_groupes": lambda u: u.groups.clear(),
    "permission_au_groupe": lambda u: _autre_groupe().permissions.add(_permission()),
    "permission_retiree_au_groupe": lambda u: _autre_groupe().permissions.remove(_permission()),
    "supprimer_autre_groupe": lambda u: Group.objects.filter(name="Essai des droits").delete(),
    "permission_en_propre": lambda u: u.user_permissions.add(_permission()),
    "permission_en_propre_retiree": lambda u: u.user_permissions.remove(_permission()),
    "adresse_verifiee": lambda u: _adresse(u, True),
    "adresse_non_verifiee": lambda u: _adresse(u, False),
    "adresse_supprimee": lambda u: EmailAddress.objects.filter(user=u).delete(),
    "changer_d_adresse": lambda u: _changer(u, email=f"autre.{u.email}"),
    "superutilisateur": lambda u: _changer(u, is_superuser=not u.is_superuser),
    "desactive": lambda u: _changer(u, is_active=not u.is_active),
}


@settings(max_examples=40, deadline=None)
@given(ecritures=st.lists(st.sampled_from(sorted(ECRITURES)), max_size=8))
def test_apres_chaque_ecriture_les_droits_gardes_sont_ceux_de_la_base(ecritures):
    user = UserFactory()
    droits_du_compte(_relu(user))  # gardés dans le cache avant la première écriture
    for ecriture in ecritures:
        ECRITURES[ecriture](_relu(user))

        relu = _relu(user)
        assert droits_du_compte(relu) == _calculer(relu), ecriture
        frais = _relu(user)
        frais._droits = _calculer(frais)
        assert {a for a in ACTIONS if peut(relu, a)} == {a for a in ACTIONS if peut(frais, a)}
