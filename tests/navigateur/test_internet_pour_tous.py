"""Internet pour tous dans Chromium, de l'adresse à l'attestation : un foyer vérifie
son adresse (éligible) et demande son abonnement par le formulaire ; une gestionnaire
l'active depuis la liste des demandes ; le mois est facturé (le service du passage) ;
le foyer se connecte, lit son premier montant et télécharge son attestation en PDF.
axe-core sur la présentation, la réponse d'éligibilité, le formulaire de demande,
l'espace abonné, la liste et la page d'un abonnement côté gestion.

Une seule fonction de test : un seul Chromium démarré pour tout le parcours."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from brest_numerique.comptes.roles import Role
from internet_pour_tous.facturation.services import facturer
from internet_pour_tous.models import Abonnement, Echeance
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.internet_pour_tous.factories import (
    ConsultationFactory,
    LogementFactory,
    ResidenceFactory,
    SecteurFactory,
    TarifFactory,
)
from tests.navigateur.outils import attendre_la_fin_du_chargement, ouvrir, verifier_accessibilite
from tests.navigateur.test_comptes import se_connecter
from tests.navigateur.test_papi import TUILE

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

FOYER = "camille.kerourien@exemple.fr"
TITULAIRE = "Camille Le Gall"


def _residence():
    try:
        from internet_pour_tous.eligibilite import adresse_recherche
    except ImportError:  # pragma: no cover
        adresse_recherche = None
    secteur = SecteurFactory(nom="Kerourien", slug="kerourien")
    ConsultationFactory(secteur=secteur)
    residence = ResidenceFactory(
        secteur=secteur, nom="Les Ajoncs", adresse="12 rue Père Ricard", nb_logements=3
    )
    if adresse_recherche:
        residence.adresse_recherche = adresse_recherche(residence)
        residence.save(update_fields=["adresse_recherche"])
    for porte in ("1", "2", "3"):
        LogementFactory(residence=residence, escalier="B", etage="3", porte=porte)
    return residence


def _onglet(navigateur: Browser, live_server, erreurs: list[str], nom: str) -> Page:
    contexte = navigateur.new_context(locale="fr-FR", base_url=live_server.url)
    contexte.set_default_timeout(10_000)
    page = contexte.new_page()
    page.on("console", lambda m: m.type == "error" and erreurs.append(f"[{nom}] {m.text}"))
    page.on("pageerror", lambda e: erreurs.append(f"[{nom}] Exception JavaScript : {e}"))
    return page


def _cliquer(page: Page, nom: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=nom, exact=True).click()
    attendre_la_fin_du_chargement(page)


def test_de_l_adresse_du_foyer_a_son_attestation(
    onglet: Page, navigateur: Browser, live_server, erreurs_console: list[str]
):
    TarifFactory(debut=timezone.localdate().replace(year=2023, month=1, day=1), montant="1.24")
    residence = _residence()
    UserFactory(email=FOYER)
    gestionnaire = UserFactory(role=Role.GESTIONNAIRES_IPT)

    # 1. Le foyer : la présentation (et sa carte), son adresse, la réponse, le formulaire.
    # Le réseau est fermé : on sert une tuile transparente à la place d'OpenStreetMap.
    onglet.route(
        "https://tile.openstreetmap.org/**",
        lambda route: route.fulfill(body=TUILE, content_type="image/png"),
    )
    ouvrir(onglet, "/internet-pour-tous/")
    verifier_accessibilite(onglet)
    onglet.locator("main").get_by_label("Votre adresse").first.fill("12 rue pere ricard")
    with onglet.expect_navigation():
        onglet.locator("main").get_by_role("button", name="Vérifier mon adresse").first.click()
    attendre_la_fin_du_chargement(onglet)
    if not onglet.locator("#reponse").count():  # plusieurs résidences : on choisit la sienne
        with onglet.expect_navigation():
            onglet.locator("main").get_by_role("link", name="12 rue Père Ricard").first.click()
    expect(onglet.locator("#reponse")).to_contain_text("votre résidence est raccordée")
    verifier_accessibilite(onglet)
    with onglet.expect_navigation():
        onglet.get_by_role("link", name="Demander mon abonnement").click()
    attendre_la_fin_du_chargement(onglet)
    verifier_accessibilite(onglet)
    formulaire = onglet.locator("main form")
    formulaire.get_by_label("Nom et prénom du titulaire").fill(TITULAIRE)
    formulaire.get_by_label("Adresse électronique").fill(FOYER)
    formulaire.get_by_label("Votre logement").select_option(index=2)
    formulaire.get_by_label("Des ateliers pour débuter").check()
    formulaire.get_by_label("J'accepte que la Ville de Brest", exact=False).check()
    _cliquer(onglet, "Envoyer ma demande")
    assert onglet.url.endswith("/internet-pour-tous/demande/envoyee/")
    abonnement = Abonnement.objects.get(email=FOYER)
    assert abonnement.statut == "demande" and abonnement.logement.residence == residence
    assert abonnement.accompagnement == ["ateliers"]

    # 2. La gestionnaire : la demande dans la liste, son activation au 1er du mois.
    gestion = _onglet(navigateur, live_server, erreurs_console, "gestion")
    ouvrir(gestion, "/compte/login/?next=/gestion/internet-pour-tous/abonnements/?statut=demande")
    se_connecter(gestion, gestionnaire.email, MOT_DE_PASSE)
    expect(gestion.locator("main table")).to_contain_text(TITULAIRE)
    verifier_accessibilite(gestion)
    with gestion.expect_navigation():
        gestion.locator("main table").get_by_role("link", name=TITULAIRE).first.click()
    attendre_la_fin_du_chargement(gestion)
    verifier_accessibilite(gestion)
    mois = timezone.localdate().replace(day=1)
    gestion.get_by_label("Date de début").fill(mois.isoformat())
    _cliquer(gestion, "Activer l'abonnement")
    abonnement.refresh_from_db()
    assert abonnement.statut == "actif" and abonnement.debut == mois
    verifier_accessibilite(gestion)

    # 3. Le passage de facturation du mois.
    passage = facturer(mois)
    assert passage.statut == "terminee" and passage.creees == 1
    assert Echeance.objects.get(abonnement=abonnement).montant == Decimal("1.24")

    # 4. Le foyer se connecte : son premier montant, son attestation en PDF.
    foyer = _onglet(navigateur, live_server, erreurs_console, "foyer")
    ouvrir(foyer, "/compte/login/?next=/internet-pour-tous/mon-abonnement/")
    se_connecter(foyer, FOYER, MOT_DE_PASSE)
    assert foyer.url.endswith("/internet-pour-tous/mon-abonnement/")
    expect(foyer.locator("main table")).to_contain_text("1,24\u00a0€")
    expect(foyer.locator("main .etat-abonnement")).to_have_text("Actif")
    verifier_accessibilite(foyer)
    lien = foyer.get_by_role("link", name="Attestation en PDF")
    pdf = foyer.request.get(lien.get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"].startswith("application/pdf")
    assert pdf.body().startswith(b"%PDF")
    assert erreurs_console == []
