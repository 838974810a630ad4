"""Banc du classement du jury, dans le processus, sur PostgreSQL : une édition de
400 dossiers en jury, 10 jurés, 6 critères pondérés (24 000 notes environ).

    .venv/bin/python bench/classement.py
    .venv/bin/python bench/classement.py --repetitions 50 --forcer

Mesure la durée de `classer()` (projets/deliberation/classement.py : notes
pondérées, moyennes, écarts types, conflits et avis en SQL, puis tri et cumul) et
ses requêtes SQL, puis la page du classement servie par sa vue (réponse lue
jusqu'au bout). Médiane et maximum sur --repetitions passages, après un passage
d'échauffement. Ce n'est pas un test : rien n'échoue, on lit les chiffres.

Comme le reste du banc, il lit BENCH_DATABASE_URL et BENCH_REDIS_URL (jamais
DATABASE_URL) ; par défaut sa propre base, bn_classement. Les données sont
écrites en masse (bulk_create) au premier lancement et gardées pour les suivants.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bn_classement")
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")

from bench import environnement  # noqa: E402

ANNEE = 2099
DOSSIERS = 400
JURES = 10
CRITERES = 6
STRUCTURES = 40
MARQUE = "[banc-classement] "
EMAIL_INSTRUCTEUR = "instructeur-banc-classement@exemple.fr"


def lire_arguments(argv=None) -> argparse.Namespace:
    return environnement.arguments_des_mesures(
        "Banc du classement du jury.", repetitions=20, graine=2026, argv=argv
    )


def _edition():
    from projets.models import AppelAProjets

    return AppelAProjets.objects.filter(annee=ANNEE, titre__startswith=MARQUE).first()


def supprimer() -> None:
    from brest_numerique.comptes.models import User
    from projets.deliberation.models import Decision
    from projets.jury.models import Evaluation, Jury, Note
    from projets.models import AppelAProjets, Dossier, Structure

    edition = AppelAProjets.objects.filter(annee=ANNEE).first()
    if edition is not None:
        Note.objects.filter(evaluation__dossier__edition=edition).delete()
        Evaluation.objects.filter(dossier__edition=edition).delete()
        Decision.objects.filter(dossier__edition=edition).delete()
        Jury.objects.filter(edition=edition).delete()
        Dossier.objects.filter(edition=edition).delete()
        edition.delete()
    Structure.objects.filter(nom__startswith=MARQUE).delete()
    User.objects.filter(email__endswith="@banc-classement.exemple.fr").delete()


def creer(alea: random.Random) -> dict[str, int]:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from brest_numerique.comptes.models import User
    from brest_numerique.comptes.roles import Role
    from papi.models import Commune
    from projets.jury.models import Evaluation, Jury, Note
    from projets.models import AppelAProjets, CritereNotation, Dossier, Statut, Structure

    maintenant = timezone.now()
    edition = AppelAProjets.objects.create(
        annee=ANNEE,
        titre=f"{MARQUE}Appel à projets {ANNEE}",
        presentation="Édition du banc.",
        eligibilite="Toutes les structures.",
        ouverture=maintenant - timedelta(days=90),
        cloture=maintenant - timedelta(days=60),
        deliberation_le=timezone.localdate() - timedelta(days=10),
        resultats_le=timezone.localdate() + timedelta(days=20),
        enveloppe=Decimal("300000"),
        montant_max=Decimal("3000"),
        part_max=Decimal("70"),
    )
    criteres = CritereNotation.objects.bulk_create(
        CritereNotation(edition=edition, libelle=f"Critère {n + 1}", poids=1 + n % 3, ordre=n)
        for n in range(CRITERES)
    )
    commune, _ = Commune.objects.get_or_create(
        code_insee="29019",
        defaults={"nom": "Brest", "code_postal": "29200", "latitude": 48.39, "longitude": -4.49},
    )
    structures = Structure.objects.bulk_create(
        Structure(
            type="association",
            nom=f"{MARQUE}Association {n}",
            adresse=f"{n} rue de Siam",
            code_postal="29200",
            commune=commune,
            contact_nom="Banc",
            contact_email=f"structure{n}@banc-classement.exemple.fr",
        )
        for n in range(STRUCTURES)
    )
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            edition=edition,
            structure=structures[n % STRUCTURES],
            rang=n + 1,
            numero=f"AAP-{ANNEE}-{n + 1:04d}",
            titre=f"Projet du banc {n + 1}",
            statut=Statut.EN_JURY,
            montant_demande=Decimal(alea.randrange(500, 3001, 50)),
            depose_le=maintenant - timedelta(days=70),
        )
        for n in range(DOSSIERS)
    )
    groupe = Group.objects.get(name=Role.JURY)
    jures = User.objects.bulk_create(
        User(email=f"jure{n}@banc-classement.exemple.fr", first_name="Juré", last_name=str(n))
        for n in range(JURES)
    )
    groupe.user_set.add(*jures)
    jury = Jury.objects.create(
        edition=edition,
        notation_debut=timezone.localdate() - timedelta(days=50),
        notation_fin=timezone.localdate() - timedelta(days=20),
    )
    jury.jures.add(*jures)
    # 3 % de conflits, 5 % d'évaluations pas encore soumises, le reste soumis.
    statuts = alea.choices(
        [Evaluation.Statut.SOUMISE, Evaluation.Statut.A_NOTER, Evaluation.Statut.CONFLIT],
        weights=[92, 5, 3],
        k=DOSSIERS * JURES,
    )
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(
            dossier=dossier,
            jure=jure,
            statut=statuts[i * JURES + j],
            avis=alea.choice(["favorable", "reserve", "defavorable"])
            if statuts[i * JURES + j] == Evaluation.Statut.SOUMISE
            else "",
            soumise_le=maintenant if statuts[i * JURES + j] == Evaluation.Statut.SOUMISE else None,
        )
        for i, dossier in enumerate(dossiers)
        for j, jure in enumerate(jures)
    )
    notes = Note.objects.bulk_create(
        (
            Note(evaluation=evaluation, critere=critere, valeur=alea.randint(0, 5))
            for evaluation in evaluations
            if evaluation.statut != Evaluation.Statut.CONFLIT
            for critere in criteres
        ),
        batch_size=5000,
    )
    instructeur, _ = User.objects.get_or_create(
        email=EMAIL_INSTRUCTEUR, defaults={"first_name": "Instructeur", "last_name": "Banc"}
    )
    instructeur.groups.add(Group.objects.get(name=Role.INSTRUCTEURS))
    EmailAddress.objects.get_or_create(
        user=instructeur, email=EMAIL_INSTRUCTEUR, defaults={"primary": True, "verified": True}
    )
    edition.instructeurs.add(instructeur)
    return {
        "dossiers": len(dossiers),
        "jurés": len(jures),
        "critères": len(criteres),
        "évaluations": len(evaluations),
        "notes": len(notes),
    }


def preparer(forcer: bool, graine: int):
    from django.db import connection

    from projets.models import Dossier

    edition = _edition()
    if not forcer and edition and Dossier.objects.filter(edition=edition).count() == DOSSIERS:
        return edition
    debut = time.perf_counter()
    supprimer()
    volumes = creer(random.Random(graine))
    print(
        f"Données créées en {time.perf_counter() - debut:.1f} s : "
        + ", ".join(f"{nombre} {sorte}" for sorte, nombre in volumes.items())
    )
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE")
    return _edition()


def chronometrer(fonction, repetitions: int) -> tuple[list[float], int]:
    """Durées (ms) des passages mesurés et requêtes SQL du dernier."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    durees, requetes = [], 0
    for passage in range(repetitions + 1):  # le premier passage chauffe les caches
        with CaptureQueriesContext(connection) as capture:
            debut = time.perf_counter()
            fonction()
            duree = (time.perf_counter() - debut) * 1000
        if passage:
            durees.append(duree)
        requetes = len(capture)
    return durees, requetes


def main(argv=None) -> int:
    args = lire_arguments(argv)
    env = environnement.preparer_django()
    print(f"Base : {env['DATABASE_URL']}")

    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from brest_numerique.comptes.models import User
    from projets.deliberation.classement import classer, statistiques_des_notes

    call_command("migrate", interactive=False, verbosity=0)
    edition = preparer(args.forcer, args.graine)
    client = Client()
    client.force_login(User.objects.get(email=EMAIL_INSTRUCTEUR))
    adresse = reverse("instruction:classement", args=[edition.annee])

    def page():
        reponse = client.get(adresse)
        assert reponse.status_code == 200, reponse.status_code
        return reponse.content

    mesures = [
        ("notes en SQL (1 requête)", lambda: statistiques_des_notes(edition)),
        ("classer() complet", lambda: classer(edition)),
        ("page du classement", page),
    ]
    print(
        f"{DOSSIERS} dossiers × {JURES} jurés × {CRITERES} critères ; {args.repetitions} passages"
    )
    print(f"{'mesure':<28} {'SQL':>4} {'médiane (ms)':>13} {'max (ms)':>9}")
    for libelle, fonction in mesures:
        durees, requetes = chronometrer(fonction, args.repetitions)
        print(f"{libelle:<28} {requetes:>4} {statistics.median(durees):>13.1f} {max(durees):>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
