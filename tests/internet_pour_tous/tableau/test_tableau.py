"""Le tableau de bord des Gestionnaires : ses nombres sont ceux de la base, ceux de
chaque graphique SVG ceux du tableau voisin, en un nombre fixe de requêtes."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from internet_pour_tous.models import Abonnement, Echeance
from internet_pour_tous.tableau.chiffres import chiffres, mois_glissants
from tests.internet_pour_tous.bailleurs.donnees import MOIS, parc

pytestmark = pytest.mark.django_db


def test_mois_glissants():
    from datetime import date

    mois = mois_glissants(date(2026, 2, 17), 3)
    assert mois == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


def test_les_chiffres_sont_ceux_de_la_base(django_assert_max_num_queries):
    parc("Armor", logements=4, actifs=2, accompagnement=["ordinateur"])
    parc("Iroise", logements=5, actifs=3, accompagnement=["ordinateur", "ateliers"])
    with django_assert_max_num_queries(5):
        c = chiffres(MOIS)
    assert c.total.actifs == Abonnement.objects.filter(statut="actif").count() == 5
    assert c.total.logements == 9 and c.total.couverture == round(500 / 9, 1)
    assert {ligne.libelle: ligne.actifs for ligne in c.par_bailleur} == {"Armor": 2, "Iroise": 3}
    assert [ligne.actifs for ligne in c.par_residence] == [3, 2]
    mois = {ligne.cle: ligne for ligne in c.par_mois}
    assert len(c.par_mois) == 24 and mois[MOIS.isoformat()].facture == Decimal("10.00")
    assert mois[MOIS.isoformat()].impaye == Decimal("4.00") == c.impaye_total
    assert c.impaye_total == sum(
        Echeance.objects.filter(statut="impayee").values_list("montant", flat=True)
    )
    assert {ligne.cle: ligne.demandes for ligne in c.accompagnement} == {
        "ordinateur": 5,
        "ateliers": 3,
        "contrats": 0,
    }
    assert c.a_suspendre == 0
    # Trois mois impayés : proposé à la suspension, comme le dit la facturation.
    from internet_pour_tous.facturation.services import a_suspendre

    abonne = Abonnement.objects.filter(statut="actif").first()
    Echeance.objects.bulk_create(
        Echeance(abonnement=abonne, mois=MOIS.replace(month=m), montant="2.00", statut="impayee")
        for m in (8, 9, 10)
    )
    c = chiffres(MOIS)
    assert c.a_suspendre == a_suspendre().count() == 1
    assert c.impaye_total == Decimal("10.00")


def _nombres_svg(soup, identifiant) -> dict:
    svg = soup.find("svg", attrs={"data-graphique": identifiant})
    return {
        (g["data-categorie"], t["data-serie"]): Decimal(t["data-valeur"])
        for g in svg.find_all("g")
        for t in g.find_all("text", attrs={"data-serie": True})
    }


def _nombres_tableau(soup, identifiant, attribut_valeur=False) -> dict:
    table = soup.find("table", attrs={"data-tableau": identifiant})
    return {
        (tr["data-categorie"], td["data-serie"]): Decimal(
            td["data-valeur"] if attribut_valeur else td.get_text(strip=True)
        )
        for tr in table.find_all("tr", attrs={"data-categorie": True})
        for td in tr.find_all("td", attrs={"data-serie": True})
    }


def test_la_page_ses_graphiques_et_ses_tableaux_disent_les_memes_nombres(
    client, gestionnaire_ipt, django_assert_max_num_queries
):
    parc("Armor", logements=4, actifs=2, accompagnement=["contrats"])
    client.force_login(gestionnaire_ipt)
    url = reverse("gestion_ipt:tableau")
    client.get(url)
    with django_assert_max_num_queries(10) as petit:
        page = client.get(url)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    for identifiant in ("secteurs", "bailleurs", "residences", "accompagnement"):
        svg = _nombres_svg(soup, f"graphique-{identifiant}")
        assert svg and svg == _nombres_tableau(soup, identifiant), identifiant
    svg = _nombres_svg(soup, "graphique-mois")
    assert svg == _nombres_tableau(soup, "mois", attribut_valeur=True)
    # Les 24 derniers mois : celui des relevés du jeu de données en est, s'il n'est pas à venir.
    if (MOIS.isoformat(), "facture") in svg:
        assert svg[(MOIS.isoformat(), "facture")] == Decimal("4.00")
    # Dix fois plus de données : pas une requête de plus.
    for rang in range(5):
        parc(f"Ponant {rang}", logements=6, actifs=4)
    with django_assert_max_num_queries(len(petit.captured_queries)):
        assert client.get(url).status_code == 200


def test_reserve_aux_gestionnaires(client, bailleur, citoyen):
    url = reverse("gestion_ipt:tableau")
    assert client.get(url).status_code == 302
    for compte in (bailleur, citoyen):
        client.force_login(compte)
        assert client.get(url).status_code == 403
