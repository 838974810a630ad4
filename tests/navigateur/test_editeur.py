"""Le geste du webmestre dans Chromium, de bout en bout : il écrit une actualité dans
l'éditeur /cms/, la prévisualise dans le volet d'aperçu, programme sa publication ;
à l'heure dite (la tâche de beat, avec time-machine), elle paraît sur l'accueil et
dans le flux ; un visiteur la commente, son commentaire attend la modération."""

import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

import feedparser
import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from brest_numerique.comptes.roles import Role
from commentaires.models import Commentaire
from programmes.models import ActualitePage, ActualitesPage
from programmes.tasks import publier_a_l_heure
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.navigateur.outils import (
    attendre_la_fin_du_chargement,
    attendre_le_delai_humain,
    ouvrir,
    verifier_accessibilite,
)
from tests.navigateur.test_comptes import se_connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

TITRE = "Portes ouvertes à la cantine numérique"
CHAPO = "Une matinée pour découvrir les ateliers et rencontrer les équipes du lieu."
COMMENTAIRE = "Bonne idée, j'y viendrai avec mon fils qui cherche un stage."


# L'enregistrement automatique de Wagtail envoie le formulaire à sa propre adresse
# une demi-seconde après chaque frappe ; tant qu'un champ obligatoire est vide,
# Wagtail répond 400 (en JSON) et l'indique dans l'éditeur, ce que le navigateur
# note aussi dans la console. C'est le comportement voulu, pas une erreur de page.
FORMULAIRE_DE_PAGE = re.compile(r"/cms/pages/(add/[\w/]+|\d+/edit/)$")


def _autosauvegarde_incomplete(message: ConsoleMessage) -> bool:
    adresse = urlsplit(message.location.get("url", "")).path
    return "status of 400" in message.text and bool(FORMULAIRE_DE_PAGE.search(adresse))


@pytest.fixture
def editeur(navigateur: Browser, live_server, erreurs_console: list[str]) -> Page:
    """Un onglet où un webmestre s'est connecté, par le seul chemin de connexion."""
    webmestre = UserFactory(role=Role.WEBMESTRES)
    contexte = navigateur.new_context(locale="fr-FR", base_url=live_server.url)
    contexte.set_default_timeout(10_000)
    page = contexte.new_page()
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not _autosauvegarde_incomplete(m)
            and erreurs_console.append(f"[éditeur] {m.text}")
        ),
    )
    ouvrir(page, "/cms/")
    assert "/compte/login/" in page.url
    se_connecter(page, webmestre.email, MOT_DE_PASSE)
    assert page.url.endswith("/cms/")
    yield page
    contexte.close()


def _ecrire_l_actualite(editeur: Page) -> None:
    liste = ActualitesPage.objects.get()
    ouvrir(editeur, f"/cms/pages/add/programmes/actualitepage/{liste.pk}/")
    editeur.locator("#id_title").fill(TITRE)
    editeur.locator("#id_chapo").fill(CHAPO)


def _previsualiser(editeur: Page) -> None:
    editeur.get_by_role("button", name="Afficher/masquer la prévisualisation").click()
    apercu = editeur.frame_locator("iframe.w-preview__iframe:not(.w-preview__proxy)")
    expect(apercu.locator("h1")).to_have_text(TITRE, timeout=15_000)
    expect(apercu.locator("main")).to_contain_text(CHAPO)


def _programmer(editeur: Page, heure) -> None:
    editeur.get_by_role("button", name="Afficher/masquer le statut").click()
    editeur.get_by_role("button", name="Programmer").click()
    dialogue = editeur.get_by_role("dialog")
    dialogue.locator("#id_go_live_at").fill(timezone.localtime(heure).strftime("%Y-%m-%d %H:%M"))
    # Le calendrier ouvert sous le champ recouvre le bouton : on valide au clavier.
    dialogue.get_by_role("button", name="Enregistrer la programmation").press("Enter")
    editeur.get_by_role("button", name="Plus d'actions").click()
    with editeur.expect_navigation():
        # Une fois la date posée, Wagtail renomme « Publier » en ce qu'il fera.
        editeur.get_by_role("button", name="Programmer pour publication").click()
    attendre_la_fin_du_chargement(editeur)


def test_le_webmestre_ecrit_previsualise_et_programme_une_actualite_qui_parait_a_l_heure(
    onglet: Page, editeur: Page, live_server, settings, erreurs_console: list[str]
):
    settings.COMMENTAIRES_CONFIRMATION_EMAIL = False
    heure = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)

    _ecrire_l_actualite(editeur)
    _previsualiser(editeur)
    _programmer(editeur, heure)

    actualite = ActualitePage.objects.get(title=TITRE)
    assert actualite.live is False
    assert actualite.get_latest_revision().approved_go_live_at == heure
    ouvrir(onglet, "/")
    assert TITRE not in onglet.locator("main").inner_text()

    with time_machine.travel(heure + timedelta(minutes=1), tick=True):
        publier_a_l_heure()

    ouvrir(onglet, "/")
    lien = onglet.locator("main").get_by_role("link", name=TITRE)
    expect(lien).to_be_visible()
    flux = feedparser.parse(onglet.request.get(live_server.url + "/actualites/flux.rss").body())
    assert TITRE in [entree.title for entree in flux.entries]

    # Le visiteur suit le lien et commente ; le commentaire attend le webmestre.
    with onglet.expect_navigation():
        lien.click()
    attendre_la_fin_du_chargement(onglet)
    chargee = time.monotonic()
    assert onglet.locator("h1").inner_text() == TITRE
    formulaire = onglet.locator("form.formulaire-commentaire")
    formulaire.get_by_label("Votre nom").fill("Gwenaël")
    formulaire.get_by_label("Votre adresse électronique").fill("gwenael@exemple.fr")
    formulaire.get_by_label("Votre commentaire").fill(COMMENTAIRE)
    attendre_le_delai_humain(onglet, chargee)  # le serveur refuse un envoi en moins de 3 s
    with onglet.expect_navigation():
        formulaire.get_by_role("button", name="Envoyer le commentaire").click()
    attendre_la_fin_du_chargement(onglet)

    assert "publié après validation par le webmestre" in onglet.locator("main").inner_text()
    assert COMMENTAIRE not in onglet.locator("#commentaires").inner_text()
    commentaire = Commentaire.objects.get()
    assert commentaire.texte == COMMENTAIRE
    assert commentaire.objet == actualite.specific
    assert commentaire.statut == Commentaire.Statut.EN_ATTENTE
    verifier_accessibilite(onglet)
    assert erreurs_console == []
