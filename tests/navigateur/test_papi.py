import base64

import pytest
from playwright.sync_api import Page

from tests.navigateur.outils import attendre_la_fin_du_chargement, ouvrir, verifier_accessibilite
from tests.papi.factories import LieuFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

DEMARCHES = "Aide aux démarches administratives"
# Une tuile PNG transparente de 1 × 1 : le réseau est fermé, on répond à la place
# du serveur de tuiles pour que la carte se charge sans erreur.
TUILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


@pytest.fixture
def tuiles(onglet: Page) -> None:
    onglet.route(
        "https://tile.openstreetmap.org/**",
        lambda route: route.fulfill(body=TUILE, content_type="image/png"),
    )


@pytest.fixture
def lieux():
    toujours = LieuFactory(
        nom="Point d'accès toujours ouvert",
        horaires="24/7",
        services=[DEMARCHES],
        latitude=48.39,
        longitude=-4.49,
    )
    ferme = LieuFactory(
        nom="Point d'accès fermé", horaires="", services=[DEMARCHES], latitude=48.40
    )
    autre = LieuFactory(
        nom="Médiathèque sans démarches",
        horaires="24/7",
        services=["Loisirs et créations numériques"],
        latitude=48.41,
    )
    return toujours, ferme, autre


def test_un_citoyen_filtre_voit_la_carte_et_ouvre_une_fiche(
    onglet: Page, erreurs_console: list[str], lieux, tuiles
):
    ouvrir(onglet, "/papi/")
    verifier_accessibilite(onglet)

    onglet.get_by_label("Service").select_option(DEMARCHES)
    onglet.get_by_label("Ouvert maintenant").check()
    with onglet.expect_navigation():
        onglet.get_by_role("button", name="Afficher les lieux").click()
    attendre_la_fin_du_chargement(onglet)

    # Les filtres sont dans l'adresse : la page est partageable.
    assert "ouvert=on" in onglet.url and "service=" in onglet.url
    resultats = onglet.locator(".liste-lieux h3")
    assert resultats.all_inner_texts() == ["Point d'accès toujours ouvert"]
    assert onglet.get_by_role("heading", name="1 lieu trouvé").is_visible()
    # La carte charge le GeoJSON filtré et pose le marqueur.
    onglet.wait_for_selector("#carte[data-marqueurs='1']")
    assert onglet.locator(".leaflet-marker-icon").count() == 1

    with onglet.expect_navigation():
        resultats.get_by_role("link").click()
    attendre_la_fin_du_chargement(onglet)
    assert onglet.locator("h1").inner_text() == "Point d'accès toujours ouvert"
    horaires = onglet.get_by_role("table")
    assert horaires.get_by_role("row").count() == 7
    assert "Lundi" in horaires.inner_text()
    assert onglet.locator(".etat").inner_text() == "Ouvert"
    assert erreurs_console == []
    verifier_accessibilite(onglet)


def test_le_bouton_retour_retrouve_les_filtres(onglet: Page, lieux, tuiles):
    ouvrir(onglet, f"/papi/?service={DEMARCHES}")
    ouvrir(onglet, "/papi/")
    onglet.go_back()
    attendre_la_fin_du_chargement(onglet)
    assert onglet.get_by_label("Service").input_value() == DEMARCHES
    assert onglet.locator(".liste-lieux h3").count() == 2


def test_la_liste_fonctionne_sans_javascript(navigateur, live_server, lieux):
    contexte = navigateur.new_context(java_script_enabled=False, base_url=live_server.url)
    page = contexte.new_page()
    page.goto(f"/papi/?service={DEMARCHES}")
    assert page.locator(".liste-lieux h3").count() == 2
    # Sans script, les filtres restent repliés : <summary> suffit à les ouvrir.
    page.locator("#panneau-filtres > summary").click()
    page.get_by_label("Ouvert maintenant").check()
    page.get_by_role("button", name="Afficher les lieux").click()
    page.wait_for_load_state()
    assert page.locator(".liste-lieux h3").all_inner_texts() == ["Point d'accès toujours ouvert"]
    contexte.close()
