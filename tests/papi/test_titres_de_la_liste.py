"""Le titre de la page /papi/ dit ce qu'elle montre, et le bouton « Filtrer »
combien de filtres sont actifs (sur téléphone, les filtres sont repliés derrière)."""

import pytest
from bs4 import BeautifulSoup

from papi.views import precede
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

DEMARCHES = "Aide aux démarches administratives"


def titre(client, parametres: dict) -> str:
    html = client.get("/papi/", parametres).content.decode()
    return BeautifulSoup(html, "html.parser").title.get_text().replace("\xa0", " ")


@pytest.mark.parametrize(
    ("parametres", "attendu"),
    [
        ({}, "Points d'accès publics à Internet"),
        ({"commune": "29019", "ouvert": "on"}, "Points d'accès à Brest, ouverts maintenant"),
        (
            {"commune": "29019", "ouvert": "on", "page": "2"},
            "Points d'accès à Brest, ouverts maintenant — page 2",
        ),
        ({"commune": "29235"}, "Points d'accès au Relecq-Kerhuon"),
        (
            {"service": DEMARCHES, "samedi": "on", "soir": "on"},
            f"Points d'accès, ouverts le samedi, ouverts après 18 h, service « {DEMARCHES} »",
        ),
        (
            {"q": "médiathèque", "wifi": "on"},
            "Points d'accès, recherche « médiathèque », 1 autre filtre",
        ),
        (
            {"commune": "29075", "wifi": "on", "fauteuil": "on", "frais": "Gratuit"},
            "Points d'accès à Guipavas, 3 autres filtres",
        ),
        ({"page": "3"}, "Points d'accès publics à Internet — page 3"),
        # Un filtre invalide n'entre pas dans le titre (il est signalé à côté du champ).
        ({"commune": "99999", "service": "Astrologie"}, "Points d'accès publics à Internet"),
    ],
)
def test_le_titre_dit_ce_que_la_page_montre(client, parametres, attendu):
    LieuFactory.create_batch(
        45, services=[DEMARCHES], wifi_gratuit=True, acces_fauteuil=True, horaires="24/7"
    )

    assert titre(client, parametres) == f"{attendu} — Brest numérique"


@pytest.mark.parametrize(
    ("nom", "a", "de"),
    [
        ("Brest", "à Brest", "de Brest"),
        ("Le Relecq-Kerhuon", "au Relecq-Kerhuon", "du Relecq-Kerhuon"),
        ("Les Moutiers", "aux Moutiers", "des Moutiers"),
        ("Plougastel-Daoulas", "à Plougastel-Daoulas", "de Plougastel-Daoulas"),
    ],
)
def test_la_commune_prend_sa_preposition(nom, a, de):
    assert (precede(nom, "à"), precede(nom, "de")) == (a, de)


def resume(client, parametres: dict) -> BeautifulSoup:
    html = client.get("/papi/", parametres).content.decode()
    return BeautifulSoup(html, "html.parser").find("details", id="panneau-filtres")


@pytest.mark.parametrize(
    ("parametres", "attendu"),
    [
        ({}, "Filtrer"),
        ({"tri": "nom"}, "Filtrer"),  # trier n'est pas filtrer
        ({"ouvert": "on"}, "Filtrer (1 actif)"),
        ({"ouvert": "on", "commune": "29019", "service": DEMARCHES}, "Filtrer (3 actifs)"),
        ({"ouvert": "on", "commune": "99999"}, "Filtrer (1 actif)"),  # l'invalide ne compte pas
    ],
)
def test_le_bouton_filtrer_compte_les_filtres_actifs(client, parametres, attendu):
    panneau = resume(client, parametres)

    assert " ".join(panneau.summary.get_text().split()) == attendu


def test_les_filtres_sont_replies_sans_javascript_et_les_resultats_suivent(client):
    LieuFactory(nom="Médiathèque de Bellevue")
    html = client.get("/papi/", {"ouvert": "on"}).content.decode()
    page = BeautifulSoup(html, "html.parser")
    panneau = page.find("details", id="panneau-filtres")

    # Fermé dans le HTML : sur téléphone, on voit d'abord les résultats ; le
    # formulaire complet est dans le panneau, que <summary> ouvre sans script.
    assert not panneau.has_attr("open")
    assert panneau.find("form", id="filtres").find("input", attrs={"name": "ouvert"})
    assert panneau.find_next_sibling("section", class_="resultats")
