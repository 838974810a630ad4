"""L'appel à projets sur la base embarquée de `make run` (SQLite, données d'exemple) :
ses requêtes n'emploient rien que PostgreSQL seul comprendrait. Dans un processus
neuf, les réglages ne se lisant qu'à l'import."""

from tests.portail.test_reglages import lancer

SCRIPT = """
import io, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("demo", stdout=io.StringIO())
from django.test import Client
from brest_numerique.comptes.models import User
from projets.models import AppelAProjets, Dossier
edition = AppelAProjets.objects.order_by("-annee").first()
depose = edition.dossiers.exclude(statut="brouillon").first()
candidat = Client(HTTP_HOST="127.0.0.1")
candidat.force_login(User.objects.get(email="citoyen@exemple.fr"))
sien = Dossier.objects.filter(structure__membres__user__email="citoyen@exemple.fr").first()
instructeur = Client(HTTP_HOST="127.0.0.1")
instructeur.force_login(User.objects.get(email="instructeur@exemple.fr"))
pages = [
    (Client(HTTP_HOST="127.0.0.1"), "/appels-a-projets/"),
    (candidat, "/appels-a-projets/espace/"),
    (candidat, f"/appels-a-projets/dossiers/{sien.pk}/"),
    (instructeur, f"/instruction/{edition.annee}/"),
    (instructeur, f"/instruction/{edition.annee}/?statut=en_instruction&tri=-montant&q=atelier"),
    (instructeur, f"/instruction/dossiers/{depose.pk}/"),
    (instructeur, f"/instruction/dossiers/{depose.pk}/messages/"),
    (instructeur, f"/instruction/{edition.annee}/export.xlsx/"),
]
for client, adresse in pages:
    print(client.get(adresse).status_code, adresse)
"""


def test_l_appel_a_projets_de_demonstration_tourne_sur_sqlite(tmp_path):
    resultat = lancer(
        "-c",
        SCRIPT,
        env={
            "DJANGO_SETTINGS_MODULE": "brest_numerique.settings",
            "SQLITE_PATH": str(tmp_path / "demo.sqlite3"),
            "PIECES_ROOT": str(tmp_path / "pieces"),
        },
    )

    assert resultat.returncode == 0, resultat.stderr[-3000:]
    lignes = resultat.stdout.strip().splitlines()
    assert len(lignes) == 8, resultat.stdout
    assert all(ligne.startswith("200 ") for ligne in lignes), resultat.stdout
