"""Tests dans un vrai navigateur : le Chromium de Debian piloté par Playwright, plus axe-core.

La politique de sécurité du contenu (CSP) reste active : une violation apparaît
comme une erreur de console, et chaque test vérifie qu'il n'y en a aucune.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.files.storage import storages
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.instantane import Instantane, instantane_reposer
from tests.navigateur.outils import suivre_le_reseau

CHROMIUM = Path("/usr/bin/chromium")
# Le réseau est fermé : sans ces options, Chromium multiplie les connexions
# vers les services de Google, qui échouent.
ARGUMENTS_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="package")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """Le serveur de test de pytest-django, qui sert les fichiers statiques comme en production.

    Le serveur d'origine les cherche dans les sources (finders) : il ignore les
    noms avec empreinte du manifeste (portail.2b2e29df192e.css) et répond 404.
    Ici, c'est WhiteNoise, déjà dans MIDDLEWARE, qui les sert depuis STATIC_ROOT.
    """
    manifeste = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if isinstance(storages["staticfiles"], ManifestFilesMixin) and not manifeste.exists():
        pytest.fail(
            f"Fichiers statiques non collectés ({manifeste} absent) : lancez "
            "`manage.py collectstatic --noinput` avec l'environnement de test (make test le fait)."
        )
    adresse = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    serveur = LiveServer(adresse, start=False)
    serveur.thread.static_handler = lambda application: application
    serveur.start()
    yield serveur
    serveur.stop()


@pytest.fixture(scope="package")
def navigateur() -> Iterator[Browser]:
    """Un Chromium sans interface, partagé par tous les tests de ce dossier."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(
            f"ATTENTION : Chromium est absent ({CHROMIUM}), les tests dans le navigateur "
            "n'ont PAS tourné. Installez-le avec `apt-get install chromium` "
            "(`make navigateur` le fait quand il s'exécute en root)."
        )
    # L'API synchrone de Playwright marque sa boucle asyncio comme active dans le
    # fil principal entre deux appels : Django refuserait alors tout accès à la base
    # depuis ce fil (fixtures, vidage de la base après chaque test). La dérogation
    # vit exactement aussi longtemps que Playwright, portée « package » comprise :
    # les tests des autres dossiers gardent la protection de Django.
    precedent = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=ARGUMENTS_CHROMIUM
            )
            # Chaque contexte, celui de l'onglet commun comme ceux que les tests
            # ouvrent eux-mêmes, suit ses requêtes dès sa création : c'est ce que
            # regarde attendre_la_fin_du_chargement (outils.py).
            nouveau_contexte = chromium.new_context
            chromium.new_context = lambda **options: suivre_le_reseau(nouveau_contexte(**options))
            yield chromium
            chromium.close()
    finally:
        if precedent is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = precedent


@pytest.fixture
def erreurs_console() -> list[str]:
    """Les erreurs de console et les exceptions JavaScript de l'onglet du test."""
    return []


@pytest.fixture
def onglet(navigateur: Browser, live_server, erreurs_console: list[str]) -> Iterator[Page]:
    """Un onglet neuf (cookies vides) ouvert sur le serveur de test, en français."""
    contexte = navigateur.new_context(locale="fr-FR", base_url=live_server.url)
    contexte.set_default_timeout(5_000)
    page = contexte.new_page()

    def noter_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            erreurs_console.append(f"{message.text} ({message.location.get('url', '?')})")

    page.on("console", noter_console)
    page.on("pageerror", lambda erreur: erreurs_console.append(f"Exception JavaScript : {erreur}"))
    yield page
    contexte.close()


@pytest.fixture(autouse=True)
def _le_portail_tel_qu_installe(transactional_db, base_installee: Instantane) -> None:
    """Les tests dans le navigateur sont transactionnels : la base est vidée entre
    eux, migrations de données comprises. On la remet telle que les migrations
    l'avaient laissée (rôles et leurs permissions, pages initiales du programme,
    droits des Webmestres dans l'éditeur) en recopiant l'instantané pris au début
    de la session, au lieu de refaire ces pages par Wagtail à chaque test."""
    if not base_installee.complet():
        pytest.fail(
            "La base de test réutilisée a été vidée par une session précédente "
            "(--reuse-db) : relancez une fois avec --create-db."
        )
    instantane_reposer(base_installee)
