"""Banc de l'appel à projets, dans le processus, sur PostgreSQL : 4 000 dossiers
déposés sur 10 éditions (bench/generateurs/projets.py).

    .venv/bin/python bench/projets.py
    .venv/bin/python bench/projets.py --repetitions 10 --forcer

Mesure, pour l'édition la plus récente (400 dossiers déposés et 20 brouillons) :
la durée des exports CSV, XLSX et ODS servis par leur vue (réponse lue jusqu'au
bout), et les requêtes SQL de la liste d'instruction et d'une page dossier si ces
vues existent. Médiane et maximum sur --repetitions passages, après un passage
d'échauffement. Ce n'est pas un test : rien n'échoue, on lit les chiffres.

Comme le reste du banc, il lit BENCH_DATABASE_URL et BENCH_REDIS_URL (jamais
DATABASE_URL) ; par défaut sa propre base, bn_projets. Les données sont créées au
premier lancement (une dizaine de secondes) et gardées pour les suivants.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bn_projets")
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")

from bench import environnement  # noqa: E402


def lire_arguments(argv=None) -> argparse.Namespace:
    return environnement.arguments_des_mesures(
        "Banc des exports et de l'instruction.", repetitions=5, graine=2026, argv=argv
    )


def preparer(forcer: bool, graine: int) -> None:
    from django.db import connection

    from bench.generateurs import projets as generateur

    attendu = generateur.EDITIONS * (
        generateur.DOSSIERS_PAR_EDITION + generateur.BROUILLONS_PAR_EDITION
    )
    if not forcer and generateur.compter() == attendu:
        return
    debut = time.perf_counter()
    generateur.supprimer()
    volumes = generateur.creer(random.Random(graine))
    print(
        "Données créées en "
        f"{time.perf_counter() - debut:.1f} s : "
        + ", ".join(f"{nombre} {sorte}" for sorte, nombre in volumes.items())
    )
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE")


def mesurer(client, adresse: str, repetitions: int) -> dict:
    """Durées (ms) et requêtes SQL d'un GET lu jusqu'au dernier octet."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    durees, requetes, statut, octets = [], 0, None, 0
    for passage in range(repetitions + 1):  # le premier passage chauffe les caches
        with CaptureQueriesContext(connection) as capture:
            debut = time.perf_counter()
            reponse = client.get(adresse)
            contenu = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
            duree = (time.perf_counter() - debut) * 1000
        if passage:
            durees.append(duree)
        statut, octets, requetes = reponse.status_code, len(contenu), len(capture)
    return {
        "statut": statut,
        "requetes": requetes,
        "mediane": statistics.median(durees),
        "max": max(durees),
        "octets": octets,
    }


def adresses(edition, dossier) -> list[tuple[str, str]]:
    from django.urls import NoReverseMatch, reverse

    liste = [
        (f"export {fmt}", reverse("instruction:export", args=[edition.annee, fmt]))
        for fmt in ("csv", "xlsx", "ods")
    ]
    for libelle, nom, arguments in (
        ("liste d'instruction", "instruction:edition", [edition.annee]),
        ("page dossier (instruction)", "instruction:dossier", [dossier.pk]),
        ("récapitulatif PDF", "instruction:dossier_pdf", [dossier.pk]),
    ):
        try:
            liste.append((libelle, reverse(nom, args=arguments)))
        except NoReverseMatch:
            print(f"({libelle} : pas d'adresse {nom}, non mesurée)")
    return liste


def main(argv=None) -> int:
    args = lire_arguments(argv)
    env = environnement.preparer_django()
    print(f"Base : {env['DATABASE_URL']}")

    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", interactive=False, verbosity=0)
    preparer(args.forcer, args.graine)

    from bench.generateurs import projets as generateur
    from projets.models import Dossier

    edition = generateur.editions().order_by("-annee").first()
    deposes = Dossier.objects.filter(edition=edition).exclude(statut="brouillon")
    dossier = deposes.order_by("rang").first()
    client = Client()
    client.force_login(generateur.instructeur())
    print(
        f"Édition {edition.annee} : {deposes.count()} dossiers déposés ; "
        f"{generateur.compter()} dossiers en tout ; {args.repetitions} passages"
    )
    print(
        f"{'mesure':<28} {'statut':>6} {'SQL':>4} {'médiane (ms)':>13} {'max (ms)':>9} {'Kio':>7}"
    )
    for libelle, adresse in adresses(edition, dossier):
        m = mesurer(client, adresse, args.repetitions)
        print(
            f"{libelle:<28} {m['statut']:>6} {m['requetes']:>4} {m['mediane']:>13.0f} "
            f"{m['max']:>9.0f} {m['octets'] / 1024:>7.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
