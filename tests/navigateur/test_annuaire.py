"""Un citoyen cherche un point d'accès près de chez lui, sur téléphone (390 px) et
sur ordinateur (1280 px) : adresse (faux géocodeur local), filtres, fiche,
itinéraire. axe-core sur chaque page, aucune erreur de console."""

import pytest
from playwright.sync_api import Page, expect

from tests.navigateur.outils import attendre_la_fin_du_chargement, ouvrir, verifier_accessibilite
from tests.navigateur.test_papi import TUILE
from tests.papi.factories import LieuFactory
from tests.papi.geocodeur import faux_geocodeur_demarre

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

SIAM = (48.3890, -4.4870, "12 Rue de Siam 29200 Brest")
CAPUCINS = {"latitude": 48.3865, "longitude": -4.5020}


@pytest.fixture
def geocodeur(settings):
    with faux_geocodeur_demarre(settings) as faux:
        faux.adresses["12 rue de siam"] = SIAM
        yield faux


@pytest.fixture
def reseau(onglet: Page) -> list[str]:
    """Le réseau est fermé : tuiles et calculateur d'itinéraire répondent ici."""
    visites = []
    onglet.route(
        "https://tile.openstreetmap.org/**",
        lambda route: route.fulfill(body=TUILE, content_type="image/png"),
    )

    def itineraire(route):
        visites.append(route.request.url)
        route.fulfill(
            body="<!DOCTYPE html><html lang='fr'><title>Itinéraire</title><h1>Itinéraire</h1></html>",
            content_type="text/html",
        )

    onglet.route("https://www.openstreetmap.org/**", itineraire)
    return visites


@pytest.fixture
def lieux():
    LieuFactory(
        nom="Espace de la rue de Siam", horaires="24/7", latitude=48.3895, longitude=-4.4880
    )
    # Deux lieux au même endroit : la carte les regroupe en un marqueur « 2 lieux ».
    LieuFactory(nom="Cyber des Capucins", horaires="24/7", **CAPUCINS)
    LieuFactory(nom="Médiathèque des Capucins", horaires="24/7", **CAPUCINS)
    LieuFactory(nom="Accueil fermé de Siam", horaires="", latitude=48.3891, longitude=-4.4871)


@pytest.mark.parametrize("largeur", [390, 1280])
def test_un_citoyen_cherche_une_adresse_filtre_et_suit_l_itineraire(
    onglet: Page, erreurs_console: list[str], geocodeur, reseau, lieux, largeur
):
    onglet.set_viewport_size({"width": largeur, "height": 844})
    # Premier fichier du dossier : sa première page paie le démarrage de Chromium,
    # que 5 s ne couvrent pas toujours sur une machine partagée.
    onglet.set_default_navigation_timeout(20_000)
    ouvrir(onglet, "/papi/")
    verifier_accessibilite(onglet)

    filtres = onglet.locator("#filtres")
    if largeur < 800:
        # Téléphone : les résultats d'abord, les filtres derrière « Filtrer ».
        expect(filtres).to_be_hidden()
        onglet.get_by_text("Filtrer", exact=True).click()
    expect(filtres).to_be_visible()
    # Des cibles tactiles d'au moins 44 px de haut, des cases d'environ 1,25 rem.
    cibles = [
        onglet.locator("#panneau-filtres > summary"),
        onglet.get_by_label("Adresse"),
        onglet.get_by_label("Commune"),
        onglet.locator(".case").first,
        onglet.get_by_role("button", name="Afficher les lieux"),
        onglet.get_by_role("link", name="Effacer les filtres"),
        onglet.locator(".liste-lieux h3 a").first,
    ]
    for cible in cibles:
        assert cible.bounding_box()["height"] >= 44, cible
    case = onglet.get_by_label("Ouvert maintenant")
    assert case.bounding_box()["height"] >= 20
    onglet.get_by_label("Adresse").fill("12 rue de Siam")
    case.check()
    with onglet.expect_navigation():
        onglet.get_by_role("button", name="Afficher les lieux").click()
    attendre_la_fin_du_chargement(onglet)

    assert "adresse=12+rue+de+Siam" in onglet.url and "ouvert=on" in onglet.url
    titre = onglet.title().replace("\xa0", " ").replace("\u202f", " ")
    assert titre.startswith("Points d'accès, ouverts maintenant, près de « 12 rue de Siam »")
    resultats = onglet.locator(".liste-lieux h3")
    assert resultats.all_inner_texts() == [
        "Espace de la rue de Siam",
        "Cyber des Capucins",
        "Médiathèque des Capucins",
    ]
    expect(
        onglet.get_by_text("Les lieux les plus proches de « 12 Rue de Siam 29200 Brest »")
    ).to_be_visible()
    resume = onglet.locator("#panneau-filtres > summary")
    assert " ".join(resume.inner_text().split()) == "Filtrer (2 actifs)"
    if largeur < 800:
        expect(filtres).to_be_hidden()
    else:
        expect(filtres).to_be_visible()
    # Chaque marqueur porte le nom de son lieu, chaque groupe son nombre de lieux.
    onglet.wait_for_selector("#carte[data-marqueurs='3']")
    seul = onglet.locator(".leaflet-marker-icon[role='button']:not(.marker-cluster)")
    expect(seul).to_have_count(1)
    assert seul.get_attribute("aria-label") == "Espace de la rue de Siam"
    # Le temps de l'animation du regroupement (le groupe de trois qui se scinde),
    # attendu sur son résultat : un seul groupe reste.
    groupes = onglet.locator(".marker-cluster")
    expect(groupes).to_have_count(1)
    expect(groupes).to_have_attribute("aria-label", "2 lieux")
    assert geocodeur.requetes and all(r["q"] == "12 rue de siam" for r in geocodeur.requetes)
    # Les commandes de la carte parlent français et se touchent du doigt (44 px).
    for classe, titre in (("in", "Zoomer"), ("out", "Dézoomer")):
        bouton = onglet.locator(f".leaflet-control-zoom-{classe}")
        assert bouton.get_attribute("title") == titre
        assert bouton.bounding_box()["height"] >= 44
    attribution = onglet.locator(".leaflet-control-attribution")
    assert "JavaScript library" not in attribution.inner_html()
    if largeur >= 800:
        cases = filtres.locator(".case label").all()
        hauteurs = [case.bounding_box()["height"] for case in cases if case.is_visible()]
        assert hauteurs and min(hauteurs) >= 44
    verifier_accessibilite(onglet)

    with onglet.expect_navigation():
        resultats.first.get_by_role("link").click()
    attendre_la_fin_du_chargement(onglet)
    assert onglet.locator("h1").inner_text() == "Espace de la rue de Siam"
    verifier_accessibilite(onglet)

    itineraire = onglet.get_by_role("link", name="Itinéraire")
    # Le lien vient de la fiche (chantier « fiche ») : vers le calculateur
    # d'OpenStreetMap, arrivée aux coordonnées du lieu.
    assert itineraire.count() == 1
    href = itineraire.get_attribute("href")
    assert href.startswith("https://www.openstreetmap.org/directions?")
    assert "48.3895" in href and "-4.488" in href
    with onglet.expect_navigation():
        itineraire.click()
    assert reseau and reseau[0].startswith("https://www.openstreetmap.org/directions?")
    assert erreurs_console == []
