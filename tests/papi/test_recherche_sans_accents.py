"""La recherche de l'annuaire ignore accents, casse et tirets, et un code postal
trouve les lieux de sa commune : sur PostgreSQL (la production), et sur SQLite
(le mode démonstration de `make run`), joué dans un processus neuf puisque la base
se choisit au démarrage."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from papi.querysets import sans_accents
from tests.papi.factories import LieuFactory

RACINE = Path(__file__).resolve().parents[2]

# (recherche, lieux trouvés) : les mêmes attendus sur les deux bases.
RECHERCHES = [
    ("Jaurès", ["Cyber Jaurès"]),
    ("jaures", ["Cyber Jaurès"]),
    ("JAURES", ["Cyber Jaurès"]),
    ("Quatre-Moulins", ["Maison des Quatre-Moulins"]),
    ("quatre moulins", ["Maison des Quatre-Moulins"]),
    ("quatre-moulins", ["Maison des Quatre-Moulins"]),
    ("29200", ["Cyber Jaurès", "Maison des Quatre-Moulins"]),
    ("29490", ["Espace de Kérinou à Guipavas"]),
    ("29490 kerinou", ["Espace de Kérinou à Guipavas"]),
    ("29200 moulins", ["Maison des Quatre-Moulins"]),
    ("29999", []),
]

# Les lieux des deux bases (champs passés à la fabrique ou au modèle).
LIEUX = [
    {"nom": "Cyber Jaurès", "adresse": "3 rue Jean Jaurès"},
    {"nom": "Maison des Quatre-Moulins", "adresse": "1 place de la Liberté"},
    {
        "nom": "Espace de Kérinou à Guipavas",
        "adresse": "2 rue de Brest",
        "commune": "Guipavas",
        "code_postal": "29490",
        "code_insee": "29075",
    },
]


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("Jaurès", "jaures"),
        ("Quatre-Moulins", "quatre-moulins"),
        ("KÉRINOU", "kerinou"),
        ("Œuvre Straße", "œuvre strasse"),
        (None, None),
    ],
)
def test_la_forme_sans_accents_ni_casse(texte, attendu):
    assert sans_accents(texte) == attendu


@pytest.mark.django_db
@pytest.mark.parametrize(("recherche", "attendus"), RECHERCHES)
def test_sur_postgresql(client, recherche, attendus):
    for champs in LIEUX:
        LieuFactory(**champs)

    reponse = client.get("/papi/", {"q": recherche})

    assert sorted(lieu.nom for lieu in reponse.context["page"]) == attendus


# Sur SQLite, les seules tables de l'annuaire (pas de migrations : le test porte
# sur la requête), écrites par le chemin de tous les lieux, puis les recherches.
SCRIPT_SQLITE = """
import json, sys, django
django.setup()
from datetime import date
from django.db import connection
from papi.facettes import facettes_compter
from papi.models import Commune, Creneau, Lieu
from papi.services import lieux_enregistrer
with connection.schema_editor() as schema:
    for modele in (Commune, Lieu, Creneau):
        schema.create_model(modele)
Commune.objects.bulk_create([
    Commune(code_insee="29019", nom="Brest", code_postal="29200", latitude=48.39, longitude=-4.49),
    Commune(code_insee="29075", nom="Guipavas", code_postal="29490", latitude=48.43, longitude=-4.40),
])
donnees = json.loads(sys.argv[1])
communs = dict(pivot="21290019500019", commune="Brest", code_postal="29200", code_insee="29019",
               date_maj=date(2026, 10, 1), services=["Accès internet et matériel informatique"])
lieux_enregistrer(lieux=[
    Lieu(identifiant=f"lieu-{n}", **{**communs, **champs}) for n, champs in enumerate(donnees["lieux"])
])
print(json.dumps({
    "vendor": connection.vendor,
    "trouves": {texte: sorted(Lieu.objects.publies().rechercher(texte).values_list("nom", flat=True))
                for texte in donnees["recherches"]},
    "facettes": facettes_compter(),
}))
"""


def test_sur_sqlite(tmp_path):
    donnees = {"lieux": LIEUX, "recherches": [texte for texte, _ in RECHERCHES]}
    environnement = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "brest_numerique.settings",
        "SQLITE_PATH": str(tmp_path / "annuaire.sqlite3"),
    }
    resultat = subprocess.run(
        [sys.executable, "-c", SCRIPT_SQLITE, json.dumps(donnees)],
        cwd=RACINE,
        env=environnement,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert resultat.returncode == 0, resultat.stderr[-3000:]
    sortie = json.loads(resultat.stdout.strip().splitlines()[-1])
    assert sortie["vendor"] == "sqlite"
    assert sortie["trouves"] == dict(RECHERCHES)
    # Les facettes aussi se comptent sur SQLite (json_each), en une requête.
    assert sortie["facettes"]["commune"] == {"29019": 2, "29075": 1}
    assert sortie["facettes"]["service"] == {"Accès internet et matériel informatique": 3}
