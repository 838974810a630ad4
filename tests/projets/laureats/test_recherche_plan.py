"""Les lauréats publiés, et eux seuls, dans la recherche du site et le plan du site."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.recherche import rechercher
from tests.projets.laureats.fabriques import edition_publiee, laureat

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LIBELLE = "Projets lauréats de l'appel à projets"


@pytest.fixture
def laureats():
    publie = laureat(edition_publiee(), titre="Fablab des Capucins")
    publie.resume_public = "Imprimantes et découpe laser pour les habitants."
    publie.save()
    return {
        "publie": publie,
        "non_vote": laureat(edition_publiee(), titre="Fablab non voté", vote=False),
        "non_publie": laureat(edition_publiee(publiee=False), titre="Fablab pas publié"),
        "demain": laureat(
            edition_publiee(publiee_le=timezone.now() + timedelta(days=1)), titre="Fablab demain"
        ),
    }


def test_la_recherche_trouve_les_seuls_laureats_publies(laureats):
    (groupe,) = [g for g in rechercher("fablab") if g.libelle == LIBELLE]
    assert groupe.total == 1
    assert [t.adresse for t in groupe.resultats] == [laureats["publie"].get_absolute_url()]
    # Par le résumé écrit pour le public, accents repliés.
    (groupe,) = [g for g in rechercher("decoupe laser") if g.libelle == LIBELLE]
    assert [t.titre for t in groupe.resultats] == ["Fablab des Capucins"]


def test_la_page_de_recherche_montre_le_laureat(client, laureats):
    texte = client.get("/recherche/", {"q": "capucins"}).content.decode()
    assert "Projets lauréats de l" in texte and laureats["publie"].get_absolute_url() in texte


def test_le_plan_du_site_liste_les_seuls_laureats_publies(client, laureats):
    reponse = client.get("/sitemap.xml")
    assert reponse.status_code == 200
    racine = ET.fromstring(reponse.content)  # noqa: S314 (notre propre réponse)
    adresses = {url.findtext(f"{SITEMAP}loc") for url in racine.iter(f"{SITEMAP}url")}
    publie = laureats["publie"]
    assert any(a.endswith(publie.get_absolute_url()) for a in adresses)
    assert any(a.endswith(reverse("projets:statistiques")) for a in adresses)
    assert any(a.endswith(reverse("projets:laureats", args=[publie.annee])) for a in adresses)
    for cle in ("non_publie", "demain"):
        annee = laureats[cle].annee
        assert not any(a.endswith(reverse("projets:laureats", args=[annee])) for a in adresses)
    for cle in ("non_vote", "non_publie", "demain"):
        assert not any(a.endswith(laureats[cle].get_absolute_url()) for a in adresses), cle
