"""Les données ouvertes des lauréats : CSV (BOM, colonnes documentées, formules
neutralisées) et JSON (licence, colonnes), les seuls lauréats publiés."""

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from projets.laureats.donnees import COLONNES
from tests.projets.factories import ThemeFactory
from tests.projets.laureats.fabriques import (
    brest,
    deliberation,
    edition_publiee,
    guipavas,
    laureat,
)

pytestmark = pytest.mark.django_db

ENTETES = [
    "annee",
    "numero",
    "titre",
    "structure",
    "type_structure",
    "communes",
    "themes",
    "forme_aide",
    "montant_accorde",
    "deliberation_numero",
    "deliberation_date",
    "url",
]


@pytest.fixture
def laureats():
    theme = ThemeFactory(libelle="Culture numérique", slug="culture-numerique")
    ancienne, recente = edition_publiee(), edition_publiee()
    delib = deliberation(recente, numero="2026-DEL-042")
    a = laureat(
        recente,
        titre='=HYPERLINK("http://exemple.invalid")',
        themes=[theme],
        communes=[brest(), guipavas()],
        montant=Decimal("2500.50"),
        delib=delib,
    )
    b = laureat(ancienne, titre="Clubs seniors connectés", montant=Decimal("800"))
    laureat(recente, titre="Retenu non voté", vote=False)
    laureat(edition_publiee(publiee=False), titre="Édition non publiée")
    laureat(edition_publiee(publiee_le=timezone.now() + timedelta(hours=2)), titre="Demain")
    return a, b


def test_le_csv_a_son_bom_ses_colonnes_et_ses_formules_neutralisees(client, laureats):
    a, b = laureats
    reponse = client.get(reverse("projets:laureats_donnees", args=["csv"]))
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("text/csv")
    assert reponse.content.startswith("\ufeff".encode())

    lignes = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0] == ENTETES == [c.nom for c in COLONNES]
    par_titre = {ligne[2]: dict(zip(ENTETES, ligne, strict=True)) for ligne in lignes[1:]}
    assert set(par_titre) == {'\'=HYPERLINK("http://exemple.invalid")', "Clubs seniors connectés"}
    ligne = par_titre['\'=HYPERLINK("http://exemple.invalid")']
    assert ligne["annee"] == str(a.annee)
    assert ligne["numero"] == a.dossier.numero
    assert ligne["communes"] == "Brest | Guipavas"
    assert ligne["themes"] == "Culture numérique"
    assert ligne["type_structure"] == "Association"
    assert ligne["forme_aide"] == "Subvention"
    assert ligne["montant_accorde"] == "2500.50"
    assert ligne["deliberation_numero"] == "2026-DEL-042"
    assert ligne["deliberation_date"] == f"{a.annee}-12-15"
    assert ligne["url"].endswith(a.get_absolute_url())


def test_le_json_porte_la_licence_et_la_description_des_colonnes(client, laureats):
    a, b = laureats
    reponse = client.get(reverse("projets:laureats_donnees", args=["json"]))
    assert reponse.status_code == 200
    document = json.loads(reponse.content)
    assert "Licence Ouverte" in document["licence"] and "2.0" in document["licence"]
    assert [c["nom"] for c in document["colonnes"]] == ENTETES
    assert all(c["description"] for c in document["colonnes"])
    titres = {ligne["titre"]: ligne for ligne in document["laureats"]}
    assert set(titres) == {a.dossier.titre, "Clubs seniors connectés"}
    assert titres["Clubs seniors connectés"]["montant_accorde"] == "800.00"
    assert titres[a.dossier.titre]["communes"] == ["Brest", "Guipavas"]


def test_un_autre_format_n_existe_pas(client):
    for format in ["xml", "CSV", "csv.gz", "geojson"]:
        assert client.get(reverse("projets:laureats_donnees", args=[format])).status_code == 404


def test_les_colonnes_sont_documentees_sur_la_page_des_laureats(client, laureats):
    reponse = client.get(reverse("projets:laureats", args=[laureats[0].annee]))
    texte = reponse.content.decode()
    assert "Licence Ouverte" in texte
    for colonne in ENTETES:
        assert f"<code>{colonne}</code>" in texte
