"""Des formulaires qui ne perdent pas l'usager, dans Chromium : envoyé avec des
erreurs, le formulaire revient avec le focus sur son résumé, « Erreur : » en tête
du titre et la saisie gardée ; un commentaire envoyé mène au message qui dit la
suite ; le lien « Mot de passe oublié ? » est une cible assez grande, à distance
du champ. axe-core sur chaque page."""

import time

import pytest
from playwright.sync_api import Page

from tests.factories import UserFactory
from tests.navigateur.outils import (
    attendre_la_fin_du_chargement,
    attendre_le_delai_humain,
    ouvrir,
    verifier_accessibilite,
)
from tests.navigateur.test_commentaires import servir_les_tuiles
from tests.papi.factories import LieuFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

FOCUS_SUR_LE_RESUME = "() => document.activeElement.hasAttribute('data-resume-erreurs')"


def _titre(onglet: Page) -> str:
    return onglet.title().replace("\xa0", " ")


def _envoyer(onglet: Page, formulaire, bouton: str) -> None:
    with onglet.expect_navigation():
        formulaire.get_by_role("button", name=bouton).click()
    attendre_la_fin_du_chargement(onglet)


def test_un_commentaire_envoye_vide_revient_avec_le_focus_sur_le_resume(
    onglet: Page, erreurs_console: list[str]
):
    lieu = LieuFactory(nom="Médiathèque des Capucins")
    servir_les_tuiles(onglet)
    ouvrir(onglet, lieu.get_absolute_url())
    formulaire = onglet.locator("form.formulaire-commentaire")
    formulaire.get_by_label("Votre nom").fill("Annaïg")

    # Envoyé aussitôt, sans adresse ni texte : des erreurs de champ, pas de soupçon.
    _envoyer(onglet, formulaire, "Envoyer le commentaire")

    assert _titre(onglet).startswith("Erreur : ")
    assert onglet.evaluate(FOCUS_SUR_LE_RESUME)
    resume = onglet.locator("[data-resume-erreurs]")
    assert resume.locator("h2").inner_text() == "Le formulaire contient 2 erreurs"
    assert "trop rapide" not in onglet.locator("main").inner_text()
    assert onglet.get_by_label("Votre nom").input_value() == "Annaïg"
    # Le lien du résumé mène au champ et lui donne le focus.
    resume.get_by_role("link", name="Votre commentaire").click()
    assert onglet.evaluate("() => document.activeElement.name") == "texte"
    # La page d'erreur répond 400, que la console note : c'est la seule chose qu'elle note.
    assert [e for e in erreurs_console if "status of 400 (Bad Request)" not in e] == []
    verifier_accessibilite(onglet)


def test_un_commentaire_depose_mene_au_message_qui_dit_la_suite(
    onglet: Page, erreurs_console: list[str]
):
    lieu = LieuFactory(nom="Médiathèque des Capucins")
    servir_les_tuiles(onglet)
    onglet.set_viewport_size({"width": 390, "height": 844})
    ouvrir(onglet, lieu.get_absolute_url())
    chargee = time.monotonic()
    formulaire = onglet.locator("form.formulaire-commentaire")
    formulaire.get_by_label("Votre nom").fill("Annaïg")
    formulaire.get_by_label("Votre adresse électronique").fill("annaig@exemple.fr")
    formulaire.get_by_label("Votre commentaire").fill("Merci pour les ateliers du mardi.")
    # Un humain relit avant d'envoyer : le serveur refuse un envoi en moins de 3 s.
    attendre_le_delai_humain(onglet, chargee)
    _envoyer(onglet, formulaire, "Envoyer le commentaire")

    assert onglet.url.endswith("#messages")
    message = onglet.locator("#messages")
    texte = message.inner_text()
    assert "courriel" in texte and "confirmer votre adresse" in texte
    assert "validation par le webmestre" in texte
    # Le navigateur est arrivé sur le message : il est dans la fenêtre, sans défiler.
    boite = message.bounding_box()
    assert boite is not None and 0 <= boite["y"] < 844
    assert erreurs_console == []
    verifier_accessibilite(onglet)


@pytest.mark.parametrize("largeur", [390, 1280])
def test_la_connexion_refusee_garde_l_adresse_et_son_lien_oublie_est_une_vraie_cible(
    onglet: Page, erreurs_console: list[str], largeur
):
    usager = UserFactory()
    onglet.set_viewport_size({"width": largeur, "height": 900})
    ouvrir(onglet, "/compte/login/")

    lien = onglet.get_by_role("link", name="Mot de passe oublié ?")
    champ = onglet.get_by_label("Mot de passe", exact=True)
    boite_lien, boite_champ = lien.bounding_box(), champ.bounding_box()
    assert boite_lien["height"] >= 24, boite_lien
    # Sous le champ, et pas collé à lui.
    assert boite_lien["y"] - (boite_champ["y"] + boite_champ["height"]) >= 8

    formulaire = onglet.locator("main form")
    formulaire.get_by_label("Adresse électronique").fill(usager.email)
    champ.fill("pas-le-bon-mot-de-passe")
    _envoyer(onglet, formulaire, "Se connecter")

    assert _titre(onglet).startswith("Erreur : ")
    assert onglet.evaluate(FOCUS_SUR_LE_RESUME)
    assert onglet.get_by_label("Adresse électronique").input_value() == usager.email
    assert erreurs_console == []
    verifier_accessibilite(onglet)
