import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from brest_numerique.comptes.roles import (
    ACTIONS,
    RegleManquante,
    Role,
    action_requise,
    comptes_pouvant,
    peut,
    regle_objet,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTENDU = {
    "webmestre": {"publier_contenus", "moderer_commentaires", "traiter_signalements_lieux"},
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


class Residence:
    """Un objet visé par une action : une classe de test, pas un modèle."""

    def __init__(self, bailleur_id: int):
        self.bailleur_id = bailleur_id


@pytest.fixture
def regle_des_residences(monkeypatch):
    from brest_numerique.comptes import roles

    monkeypatch.setattr(roles, "REGLES_OBJET", dict(roles.REGLES_OBJET))
    regle_objet("consulter_chiffres_residences", Residence)(
        lambda user, residence: residence.bailleur_id == user.pk
    )


def test_une_regle_sur_l_objet_restreint_la_permission(bailleur, regle_des_residences):
    assert peut(bailleur, "consulter_chiffres_residences", Residence(bailleur.pk))
    assert not peut(bailleur, "consulter_chiffres_residences", Residence(bailleur.pk + 1))


def test_un_objet_sans_regle_est_une_erreur_meme_pour_un_superutilisateur(bailleur, administrateur):
    for user in (bailleur, administrateur):
        with pytest.raises(RegleManquante):
            peut(user, "consulter_chiffres_residences", Residence(bailleur.pk))


def test_un_objet_passe_a_une_action_qui_n_en_prend_pas_est_une_erreur(webmestre):
    with pytest.raises(ImproperlyConfigured):
        peut(webmestre, "moderer_commentaires", Residence(1))
    with pytest.raises(ImproperlyConfigured):
        regle_objet("moderer_commentaires", Residence)


def test_deux_regles_pour_la_meme_action_et_le_meme_modele_sont_refusees(regle_des_residences):
    with pytest.raises(ImproperlyConfigured):
        regle_objet("consulter_chiffres_residences", Residence)(lambda user, obj: True)


def test_la_vue_d_un_objet_charge_l_objet_et_applique_sa_regle(bailleur, citoyen, monkeypatch):
    from brest_numerique.comptes import roles
    from papi.models import Lieu
    from tests.papi.factories import LieuFactory

    # Un lieu tient ici le rôle d'une résidence : la règle lit son nom.
    monkeypatch.setattr(roles, "REGLES_OBJET", dict(roles.REGLES_OBJET))
    regle_objet("consulter_chiffres_residences", Lieu)(
        lambda user, lieu: lieu.nom == f"Résidence de {user.pk}"
    )
    sienne = LieuFactory(nom=f"Résidence de {bailleur.pk}")
    autre = LieuFactory(nom="Résidence d'un autre")
    vue = action_requise("consulter_chiffres_residences", objet=(Lieu, "pk"))(
        lambda request, pk: HttpResponse(pk.nom)
    )

    def appeler(user, pk):
        requete = RequestFactory().get("/")
        requete.user = user
        return vue(requete, pk=pk)

    assert appeler(bailleur, sienne.pk).content.decode() == sienne.nom
    with pytest.raises(PermissionDenied):
        appeler(bailleur, autre.pk)
    with pytest.raises(Http404):
        appeler(bailleur, autre.pk + 1000)
    with pytest.raises(PermissionDenied):
        appeler(citoyen, sienne.pk)


def test_comptes_pouvant_repond_en_sql_comme_peut_pour_chaque_compte(
    webmestre, instructeur, jure, gestionnaire_ipt, bailleur, citoyen, administrateur
):
    from django.contrib.auth.models import Permission

    non_verifie = UserFactory(role=Role.WEBMESTRES, email_verifie=False)
    inactif = UserFactory(role=Role.WEBMESTRES, is_active=False)
    en_propre = UserFactory()
    en_propre.user_permissions.add(Permission.objects.get(codename="moderer_commentaires"))
    comptes = [webmestre, instructeur, jure, gestionnaire_ipt, bailleur, citoyen, administrateur]
    comptes += [non_verifie, inactif, en_propre]

    for action in ACTIONS:
        attendus = {u.pk for u in comptes if peut(type(u).objects.get(pk=u.pk), action)}
        assert set(comptes_pouvant(action).values_list("pk", flat=True)) == attendus, action
    assert en_propre.pk in set(comptes_pouvant("moderer_commentaires").values_list("pk", flat=True))


def test_les_moderateurs_sont_ceux_qui_peuvent_moderer(webmestre, instructeur):
    from commentaires.suites import moderateurs

    assert list(moderateurs()) == [webmestre]


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
