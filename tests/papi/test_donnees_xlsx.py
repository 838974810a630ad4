"""Le classeur XLSX des données ouvertes : les lignes exactes du CSV du standard,
pour qui ouvre les fichiers dans un tableur."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from papi.referentiel import COLONNES
from tests.papi.factories import LieuFactory
from tests.papi.test_donnees_ouvertes import enregistrer, lieu_complet, nouveau_lieu

pytestmark = pytest.mark.django_db


def _lignes_du_csv(client) -> list[list[str]]:
    return list(csv.reader(io.StringIO(client.get(reverse("papi:csv")).content.decode())))


def _feuille_du_xlsx(reponse):
    return load_workbook(io.BytesIO(reponse.content), read_only=True).active


def _lignes_du_xlsx(reponse) -> list[list[str]]:
    # Une cellule vide se relit None ; le CSV l'écrit "".
    return [
        ["" if valeur is None else valeur for valeur in ligne]
        for ligne in _feuille_du_xlsx(reponse).iter_rows(values_only=True)
    ]


def test_le_xlsx_a_exactement_les_lignes_et_les_colonnes_du_csv(client):
    enregistrer(
        lieu_complet(),
        nouveau_lieu(identifiant="papi-guipavas", nom="Espace numérique de Guipavas"),
        # Les pièges d'un tableur : un code postal à zéro de tête, une formule.
        nouveau_lieu(identifiant="papi-zero", code_postal="01000", nom='=HYPERLINK("x")'),
    )
    LieuFactory(identifiant="exemple-1", nom="Lieu fictif", donnees_exemple=True)

    reponse = client.get(reverse("papi:xlsx"))

    assert reponse.status_code == 200
    assert reponse["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert reponse["Content-Disposition"] == (
        'attachment; filename="lieux-mediation-numerique-brest-metropole.xlsx"'
    )
    lignes_csv = _lignes_du_csv(client)
    assert lignes_csv[0] == COLONNES
    assert [ligne[0] for ligne in lignes_csv[1:]] == [
        "papi-brest-bellevue",
        "papi-guipavas",
        "papi-zero",
    ]
    assert _lignes_du_xlsx(reponse) == lignes_csv


def test_une_valeur_en_forme_de_formule_reste_du_texte_dans_le_classeur(client):
    enregistrer(nouveau_lieu(identifiant="papi-formule", nom="=1+1", code_postal="01000"))

    feuille = load_workbook(io.BytesIO(client.get(reverse("papi:xlsx")).content)).active
    cellules = {
        feuille.cell(1, n).value: feuille.cell(2, n) for n in range(1, feuille.max_column + 1)
    }

    assert cellules["nom"].value == "=1+1"
    assert cellules["nom"].data_type == "s"
    assert cellules["code_postal"].value == "01000"
    assert cellules["latitude"].data_type == "s"


def test_la_page_de_l_annuaire_propose_le_classeur_et_explique_les_lieux_d_exemple(client):
    page = client.get(reverse("papi:liste")).content.decode()

    assert f'href="{reverse("papi:xlsx")}"' in page
    donnees_ouvertes = page.split('id="titre-donnees"')[1]
    assert "ne contiennent que des lieux réels" in donnees_ouvertes
    assert "cartographie nationale" in donnees_ouvertes
