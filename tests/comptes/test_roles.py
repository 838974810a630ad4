import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from brest_numerique.comptes.roles import ACTIONS, Role, action_requise, peut, regle_objet
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTENDU = {
    "webmestre": {"publier_contenus", "moderer_commentaires"},
    "instructeur": {"instruire_dossiers"},
    "jure": {"noter_dossiers"},
    "gestionnaire_ipt": {"gerer_internet_pour_tous"},
    "bailleur": {"consulter_chiffres_residences"},
    "citoyen": set(),
}


def test_les_cinq_roles_existent_apres_les_migrations():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        Role.WEBMESTRES,
        Role.INSTRUCTEURS,
        Role.JURY,
        Role.GESTIONNAIRES_IPT,
        Role.BAILLEURS,
    }


@pytest.mark.parametrize("fixture", sorted(ATTENDU))
def test_chaque_role_peut_exactement_ses_actions(request, fixture):
    user = request.getfixturevalue(fixture)
    permises = {action for action in ACTIONS if peut(user, action)}
    assert permises == ATTENDU[fixture]


def test_un_anonyme_ne_peut_rien():
    assert not any(peut(AnonymousUser(), action) for action in ACTIONS)


def test_une_adresse_non_verifiee_ne_permet_de_rien_gerer():
    user = UserFactory(role=Role.WEBMESTRES, email_verifie=False)
    assert not peut(user, "moderer_commentaires")


def test_un_compte_desactive_ne_peut_rien(webmestre):
    webmestre.is_active = False
    assert not peut(webmestre, "moderer_commentaires")


def test_un_superutilisateur_peut_tout(administrateur):
    assert all(peut(administrateur, action) for action in ACTIONS)


def test_une_action_inconnue_est_une_erreur_de_programmation(webmestre):
    with pytest.raises(ValueError):
        peut(webmestre, "tout_casser")


def test_une_regle_sur_l_objet_restreint_la_permission(bailleur, monkeypatch):
    from brest_numerique.comptes import roles

    monkeypatch.setattr(roles, "REGLES_OBJET", {})
    regle_objet("consulter_chiffres_residences")(lambda user, obj: obj["bailleur"] == user.pk)

    assert peut(bailleur, "consulter_chiffres_residences", {"bailleur": bailleur.pk})
    assert not peut(bailleur, "consulter_chiffres_residences", {"bailleur": bailleur.pk + 1})


def test_une_vue_protegee_redirige_l_anonyme_et_refuse_le_citoyen(citoyen, webmestre):
    vue = action_requise("moderer_commentaires")(lambda request: HttpResponse("file"))
    fabrique = RequestFactory()

    anonyme = fabrique.get("/moderation/")
    anonyme.user = AnonymousUser()
    assert vue(anonyme).status_code == 302

    refuse = fabrique.get("/moderation/")
    refuse.user = citoyen
    with pytest.raises(PermissionDenied):
        vue(refuse)

    autorise = fabrique.get("/moderation/")
    autorise.user = webmestre
    assert vue(autorise).content == b"file"


@pytest.mark.parametrize(
    "url",
    ["/admin/papi/lieu/", "/admin/commentaires/commentaire/", "/admin/commentaires/transition/"],
)
def test_les_webmestres_tiennent_l_annuaire_et_moderent_dans_l_administration(
    client, webmestre, instructeur, url
):
    client.force_login(webmestre)
    assert client.get(url).status_code == 200
    client.force_login(instructeur)
    assert client.get(url).status_code == 403
