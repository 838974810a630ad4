"""Dans Chromium, à 390 px et à 1280 px : un webmestre traite en un clic une erreur
signalée sur un lieu depuis sa file ; une citoyenne lit ses commentaires sur sa page
de compte et supprime son compte. axe-core sur chaque page."""

import pytest
from playwright.sync_api import Page

from brest_numerique.comptes.roles import Role
from papi.models import SignalementLieu
from papi.services import lieu_signaler
from tests.commentaires.factories import CommentaireFactory
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.navigateur.outils import ouvrir, verifier_accessibilite
from tests.navigateur.test_comptes import se_connecter
from tests.papi.factories import LieuFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("largeur", [390, 1280])
def test_un_webmestre_traite_un_signalement_en_un_clic(
    onglet: Page, erreurs_console: list[str], largeur
):
    webmestre = UserFactory(role=Role.WEBMESTRES)
    lieu = LieuFactory(nom="Médiathèque des Capucins")
    signalement = lieu_signaler(lieu=lieu, message="Fermé le mardi", email="habitant@exemple.fr")
    onglet.set_viewport_size({"width": largeur, "height": 900})

    ouvrir(onglet, "/compte/login/?next=/moderation/signalements/")
    se_connecter(onglet, webmestre.email, MOT_DE_PASSE)
    assert onglet.locator("h1").inner_text() == "Erreurs signalées à traiter"
    assert "Fermé le mardi" in onglet.locator(".file-moderation").inner_text()
    verifier_accessibilite(onglet)

    onglet.get_by_label(
        "Note de l'équipe (facultative, interne : le visiteur ne la voit pas)"
    ).fill("Horaires corrigés")
    with onglet.expect_navigation():
        onglet.get_by_role("button", name="Marquer comme traité — Médiathèque des Capucins").click()
    assert "en est averti par courriel" in onglet.locator("main").inner_text()
    assert "Aucun signalement ici." in onglet.locator("main").inner_text()
    signalement.refresh_from_db()
    assert signalement.statut == SignalementLieu.Statut.TRAITE
    verifier_accessibilite(onglet)
    assert erreurs_console == []


@pytest.mark.parametrize("largeur", [390, 1280])
def test_une_citoyenne_lit_ses_commentaires_puis_supprime_son_compte(
    onglet: Page, erreurs_console: list[str], largeur
):
    citoyenne = UserFactory(email="katell@exemple.fr")
    lieu = LieuFactory(nom="Médiathèque des Capucins")
    CommentaireFactory(objet=lieu, auteur=citoyenne, email=citoyenne.email, statut="publie")
    onglet.set_viewport_size({"width": largeur, "height": 900})

    ouvrir(onglet, "/compte/login/?next=/compte/")
    se_connecter(onglet, citoyenne.email, MOT_DE_PASSE)
    mes_commentaires = onglet.locator(".mes-commentaires")
    assert "Publié" in mes_commentaires.inner_text()
    assert mes_commentaires.get_by_role("link", name="Médiathèque des Capucins").count() == 1
    verifier_accessibilite(onglet)

    with onglet.expect_navigation():
        onglet.get_by_role("link", name="Supprimer mon compte").click()
    verifier_accessibilite(onglet)
    onglet.get_by_label(
        "Je supprime définitivement mon compte et mes données personnelles."
    ).check()
    onglet.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    with onglet.expect_navigation():
        onglet.get_by_role("button", name="Supprimer définitivement mon compte").click()
    assert "Votre compte est supprimé." in onglet.locator("main").inner_text()
    verifier_accessibilite(onglet)
    assert erreurs_console == []
