import pytest
from playwright.sync_api import Page

from tests.factories import MOT_DE_PASSE, UserFactory
from tests.navigateur.outils import (
    attendre_la_fin_du_chargement,
    champs_sans_etiquette,
    ouvrir,
    verifier_accessibilite,
)

pytestmark = pytest.mark.navigateur


def se_connecter(onglet: Page, email: str, mot_de_passe: str) -> None:
    formulaire = onglet.locator("main form")
    formulaire.get_by_label("Adresse électronique").fill(email)
    formulaire.get_by_label("Mot de passe").fill(mot_de_passe)
    with onglet.expect_navigation():
        formulaire.get_by_role("button", name="Se connecter").click()
    attendre_la_fin_du_chargement(onglet)


def test_la_page_de_connexion_s_affiche_sans_erreur_et_accessible(
    onglet: Page, erreurs_console: list[str]
):
    reponse = ouvrir(onglet, "/compte/login/")

    assert reponse.status == 200
    assert onglet.locator("h1").count() == 1
    assert onglet.locator("h1").inner_text() == "Se connecter"
    assert champs_sans_etiquette(onglet) == []
    assert onglet.get_by_label("Adresse électronique").get_attribute("autocomplete") == "email"
    assert onglet.get_by_label("Mot de passe").get_attribute("type") == "password"
    assert erreurs_console == []
    verifier_accessibilite(onglet)


def test_un_mauvais_mot_de_passe_affiche_une_erreur_en_francais_pres_du_formulaire(
    onglet: Page, erreurs_console: list[str], transactional_db
):
    usager = UserFactory()
    ouvrir(onglet, "/compte/login/")

    se_connecter(onglet, usager.email, "pas-le-bon-mot-de-passe")

    assert onglet.url.endswith("/compte/login/")
    erreur = onglet.locator("main form [data-resume-erreurs]")
    assert erreur.is_visible()
    assert "mot de passe" in erreur.inner_text()
    assert "incorrect" in erreur.inner_text()
    # Le message précède les champs : on le lit avant de corriger sa saisie.
    champ_suivant = erreur.evaluate(
        "e => !!(e.compareDocumentPosition(document.getElementById('id_login'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert champ_suivant
    # L'adresse reste saisie, le mot de passe est à retaper.
    assert onglet.get_by_label("Adresse électronique").input_value() == usager.email
    assert onglet.get_by_label("Mot de passe").input_value() == ""
    assert erreurs_console == []
    verifier_accessibilite(onglet)


def test_la_page_d_inscription_s_affiche_sans_erreur_et_accessible(
    onglet: Page, erreurs_console: list[str]
):
    reponse = ouvrir(onglet, "/compte/signup/")

    assert reponse.status == 200
    assert onglet.locator("h1").count() == 1
    assert onglet.locator("h1").inner_text() == "Créer mon compte"
    assert onglet.get_by_role("button", name="Créer mon compte").count() == 1
    assert champs_sans_etiquette(onglet) == []
    # Les règles du mot de passe sont visibles ; elles doivent aussi être
    # annoncées avec le champ (aria-describedby), pas seulement affichées à côté.
    description = onglet.locator("#id_password1").evaluate(
        """champ => (champ.getAttribute("aria-describedby") || "").split(/\\s+/)
            .map(id => document.getElementById(id)?.textContent || "").join(" ")"""
    )
    assert "8 caractères" in description, f"description du mot de passe\u00a0: {description!r}"
    assert erreurs_console == []
    verifier_accessibilite(onglet)


def test_un_usager_verifie_se_connecte_et_arrive_sur_son_compte_accessible(
    onglet: Page, erreurs_console: list[str], transactional_db
):
    usager = UserFactory()
    ouvrir(onglet, "/compte/login/")

    se_connecter(onglet, usager.email, MOT_DE_PASSE)

    assert onglet.url.endswith("/compte/")
    assert onglet.locator("h1").inner_text() == "Mon compte"
    assert onglet.get_by_text(f"{usager.email} (vérifiée)").is_visible()
    menu = onglet.get_by_role("navigation", name="Mon compte")
    assert menu.get_by_role("button", name="Se déconnecter").is_visible()
    assert erreurs_console == []
    verifier_accessibilite(onglet)
