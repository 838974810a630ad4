"""Les pages du programme (Wagtail) dans Chromium : axe-core et console sur chaque
gabarit public, et la CSP assouplie pour /cms/ seulement
(brest_numerique/csp_cms.py), stricte partout ailleurs."""

import pytest
from django.conf import settings as reglages
from playwright.sync_api import Page

from programmes.pages_initiales import actualites_exemple_creer
from tests.navigateur.outils import ouvrir, verifier_accessibilite

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

PAGES_LEGALES = ["/mentions-legales/", "/accessibilite/", "/donnees-personnelles/"]
MIDDLEWARE_CSP_CMS = "brest_numerique.csp_cms.CSPMiddlewareAvecCMS"


def test_les_pages_du_programme_sont_accessibles_et_sans_erreur(
    onglet: Page, erreurs_console: list[str]
):
    # Les tests transactionnels vident la base entre deux tests : post_migrate
    # recrée les pages initiales, pas les actualités d'exemple.
    actualite = actualites_exemple_creer(4)[0]
    chemins = [
        "/",
        "/dispositifs/",
        "/dispositifs/cantine-numerique/",
        "/actualites/",
        actualite.url,
        "/recherche/?q=numerique",
        *PAGES_LEGALES,
    ]

    for chemin in chemins:
        reponse = ouvrir(onglet, chemin)

        assert reponse.status == 200, chemin
        assert onglet.locator("h1").count() == 1, chemin
        assert erreurs_console == [], chemin
        verifier_accessibilite(onglet)


def test_la_csp_n_est_assouplie_que_pour_l_editeur(client):
    assert MIDDLEWARE_CSP_CMS in reglages.MIDDLEWARE, (
        f"Remplacer csp.middleware.CSPMiddleware par {MIDDLEWARE_CSP_CMS} dans MIDDLEWARE"
    )
    publique = client.get("/").headers["Content-Security-Policy"]
    editeur = client.get("/cms/login/").headers["Content-Security-Policy"]

    assert "unsafe-inline" not in publique
    assert "frame-ancestors 'none'" in publique
    assert "script-src 'self' 'unsafe-inline'" in editeur
    directives = dict(d.strip().split(" ", 1) for d in editeur.split(";") if d.strip())
    assert directives["style-src"] == "'self'"
