"""Un commentaire de bout en bout dans Chromium : un visiteur l'écrit sur une fiche
PAPI, un webmestre l'approuve au clavier dans /moderation/, le visiteur le voit.
axe-core sur le formulaire, la file et une page avec des commentaires."""

import base64
import re
import time

import pytest
from playwright.sync_api import Browser, Page

from brest_numerique.comptes.roles import Role
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.navigateur.outils import (
    attendre_la_fin_du_chargement,
    attendre_le_delai_humain,
    champs_sans_etiquette,
    ouvrir,
    verifier_accessibilite,
)
from tests.navigateur.test_comptes import se_connecter
from tests.papi.factories import LieuFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

TEXTE = "Les ateliers du mardi m'ont permis de faire ma déclaration en ligne. Merci !"
TUILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def servir_les_tuiles(page: Page) -> None:
    """Le réseau est fermé : on répond à la place du serveur de tuiles de la carte."""
    page.route(
        "https://tile.openstreetmap.org/**",
        lambda route: route.fulfill(body=TUILE, content_type="image/png"),
    )


@pytest.fixture
def lieu(settings):
    # Le visiteur n'a pas de boîte aux lettres ici : son commentaire entre
    # directement dans la file (la confirmation par courriel a ses propres tests).
    settings.COMMENTAIRES_CONFIRMATION_EMAIL = False
    lieu = LieuFactory(nom="Médiathèque des Capucins")
    return lieu


def test_un_visiteur_commente_un_webmestre_approuve_le_visiteur_voit_son_commentaire(
    onglet: Page, navigateur: Browser, live_server, erreurs_console: list[str], lieu
):
    webmestre = UserFactory(role=Role.WEBMESTRES)
    servir_les_tuiles(onglet)

    # 1. Le visiteur écrit, avec le compteur de caractères qui l'accompagne.
    ouvrir(onglet, lieu.get_absolute_url())
    chargee = time.monotonic()
    formulaire = onglet.locator("form.formulaire-commentaire")
    assert champs_sans_etiquette(onglet, "form.formulaire-commentaire") == []
    formulaire.get_by_label("Votre nom").fill("Annaïg")
    formulaire.get_by_label("Votre adresse électronique").fill("annaig@exemple.fr")
    formulaire.get_by_label("Votre commentaire").fill(TEXTE)
    compteur = formulaire.locator(".compteur")
    # « 2 924 caractères restants » : milliers et nombre séparés par des insécables.
    restants = f"{3000 - len(TEXTE):,}".replace(",", "\u202f")
    compteur.filter(has_text=f"{restants}\u00a0caractères restants").wait_for()
    # Le champ piège reste hors de portée : ni visible, ni atteignable au clavier.
    piege = formulaire.locator("input[name=site_web]")
    assert piege.get_attribute("tabindex") == "-1"
    assert not piege.is_visible() or piege.bounding_box()["x"] < 0
    verifier_accessibilite(onglet)

    # Un humain relit avant d'envoyer : le serveur refuse un envoi en moins de 3 s.
    attendre_le_delai_humain(onglet, chargee)
    with onglet.expect_navigation():
        formulaire.get_by_role("button", name="Envoyer le commentaire").click()
    attendre_la_fin_du_chargement(onglet)

    assert "publié après validation par le webmestre" in onglet.locator("main").inner_text()
    commentaires = onglet.locator("#commentaires")
    assert TEXTE not in commentaires.inner_text()
    assert "Aucun commentaire publié pour le moment." in commentaires.inner_text()

    # 2. Le webmestre se connecte et approuve, au clavier seulement.
    contexte = navigateur.new_context(locale="fr-FR", base_url=live_server.url)
    contexte.set_default_timeout(5_000)
    moderation = contexte.new_page()
    moderation.on(
        "console",
        lambda m: m.type == "error" and erreurs_console.append(f"[modération] {m.text}"),
    )
    servir_les_tuiles(moderation)
    ouvrir(moderation, "/compte/login/?next=/moderation/")
    se_connecter(moderation, webmestre.email, MOT_DE_PASSE)
    assert moderation.url.endswith("/moderation/")
    assert moderation.locator("h1").inner_text() == "Commentaires à traiter"
    menu = moderation.get_by_role("navigation", name="Mon compte")
    compte = re.compile(r"^Modération \(1\s+à traiter\s*\)$")
    assert menu.get_by_role("link", name=compte).count() == 1
    carte = moderation.locator(".file-moderation li")
    assert carte.count() == 1
    assert TEXTE in carte.inner_text()
    assert "annaig@exemple.fr" in carte.inner_text()
    verifier_accessibilite(moderation)

    case = moderation.get_by_label("Sélectionner le commentaire de Annaïg (à modérer)")
    case.focus()
    moderation.keyboard.press("Space")
    assert case.is_checked()
    # Aucune action n'est choisie d'avance : on choisit, au clavier aussi.
    approuver = moderation.get_by_label("Approuver", exact=True)
    assert not approuver.is_checked()
    approuver.focus()
    moderation.keyboard.press("Space")
    assert approuver.is_checked()
    moderation.get_by_role("button", name="Appliquer aux commentaires cochés").focus()
    with moderation.expect_navigation():
        moderation.keyboard.press("Enter")
    attendre_la_fin_du_chargement(moderation)
    assert "1 commentaire traité." in moderation.locator("main").inner_text()
    assert "Rien à traiter" in moderation.locator("main").inner_text()
    contexte.close()

    # 3. Le visiteur recharge la fiche : son commentaire est là.
    onglet.reload()
    attendre_la_fin_du_chargement(onglet)
    commentaire = onglet.locator("#commentaires .commentaire")
    assert commentaire.count() == 1
    assert TEXTE in commentaire.inner_text()
    assert "Annaïg" in commentaire.inner_text()
    assert onglet.get_by_role("heading", name="Commentaires (1)").is_visible()
    assert erreurs_console == []
    verifier_accessibilite(onglet)


def test_le_formulaire_en_erreur_est_accessible_et_garde_la_saisie(
    onglet: Page, erreurs_console: list[str], lieu
):
    servir_les_tuiles(onglet)
    ouvrir(onglet, lieu.get_absolute_url())
    chargee = time.monotonic()
    formulaire = onglet.locator("form.formulaire-commentaire")
    formulaire.get_by_label("Votre nom").fill("Annaïg")
    formulaire.get_by_label("Votre adresse électronique").fill("pas-une-adresse")
    formulaire.get_by_label("Votre commentaire").fill(TEXTE)
    attendre_le_delai_humain(onglet, chargee)

    with onglet.expect_navigation():
        formulaire.get_by_role("button", name="Envoyer le commentaire").click()
    attendre_la_fin_du_chargement(onglet)

    assert onglet.locator("h1").inner_text() == "Votre commentaire n'a pas pu être envoyé"
    adresse = onglet.get_by_label("Votre adresse électronique")
    assert adresse.input_value() == "pas-une-adresse"
    assert adresse.get_attribute("aria-invalid") == "true"
    # Le message est relié au champ : un lecteur d'écran l'annonce avec lui.
    description = adresse.evaluate(
        """champ => (champ.getAttribute("aria-describedby") || "").split(/\\s+/)
            .map(id => document.getElementById(id)?.textContent || "").join(" ")"""
    )
    assert "adresse électronique valide" in description
    assert onglet.get_by_label("Votre commentaire").input_value() == TEXTE
    # La page d'erreur répond 400, ce que Chromium note en console : rien d'autre.
    assert [e for e in erreurs_console if "status of 400" not in e] == []
    verifier_accessibilite(onglet)
