"""Banc des pages publiques des lauréats et des statistiques, sous wrk, rapportées au
plancher dans le même lancement (bench/charge.py, le banc des chiffres des issues 10
et 11) : 10 éditions décidées, 1 500 dossiers, 400 lauréats
(bench/generateurs/laureats.py).

    .venv/bin/python bench/laureats.py --sans-cache
    .venv/bin/python bench/laureats.py --forcer --duree 20

Mesure, en anonyme : la liste des lauréats de l'édition la plus récente, la même
filtrée par thème, la fiche d'un lauréat, la page des statistiques et les données
ouvertes CSV ; avec /plancher/, / et /sante/ comme bench/charge.py. Les autres
options sont celles de bench/charge.py (--sans-cache, --conditionnel, --duree…).

Il lit BENCH_DATABASE_URL (défaut : …/bn_laureats) et BENCH_REDIS_URL (défaut :
redis://127.0.0.1:6379/9), jamais DATABASE_URL. Les données sont créées au premier
lancement et gardées pour les suivants ; --forcer les refait."""

import argparse
import os
import random
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bn_laureats")
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")

from bench import charge, environnement  # noqa: E402


def lire_arguments(argv=None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        description="Banc des lauréats et des statistiques (les autres options vont à "
        "bench/charge.py)."
    )
    parser.add_argument("--forcer", action="store_true", help="régénérer les données")
    parser.add_argument("--graine", type=int, default=2026, help="graine du hasard (2026)")
    return parser.parse_known_args(argv)


def preparer(forcer: bool, graine: int) -> None:
    from django.db import connection

    from bench.generateurs import laureats as generateur

    attendu = generateur.EDITIONS * generateur.DOSSIERS_PAR_EDITION
    if not forcer and generateur.compter() == attendu:
        return
    debut = time.perf_counter()
    generateur.supprimer()
    volumes = generateur.creer(random.Random(graine))
    print(
        f"Données créées en {time.perf_counter() - debut:.1f} s : "
        + ", ".join(f"{nombre} {sorte}" for sorte, nombre in volumes.items()),
        flush=True,
    )
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE")


def adresses() -> list[str]:
    from django.urls import NoReverseMatch, reverse

    from bench.generateurs import laureats as generateur
    from projets.laureats.models import Laureat

    edition = generateur.editions().order_by("-annee").first()
    fiche = Laureat.objects.filter(dossier__edition=edition).order_by("slug").first()
    theme = edition.themes.order_by("slug").first()
    liste = []
    for nom, arguments, requete in (
        ("projets:laureats", [edition.annee], ""),
        ("projets:laureats", [edition.annee], f"?theme={theme.slug}"),
        ("projets:laureat", [edition.annee, fiche.slug], ""),
        ("projets:statistiques", [], ""),
        ("projets:laureats_donnees", ["csv"], ""),
    ):
        try:
            liste.append(reverse(nom, args=arguments) + requete)
        except NoReverseMatch:
            print(f"(pas d'adresse {nom} : non mesurée)")
    return liste


def main(argv=None) -> int:
    args, pour_charge = lire_arguments(argv)
    env = environnement.preparer_django()
    print(f"Base : {env['DATABASE_URL']}", flush=True)

    from django.core.management import call_command

    from bench.generateurs import laureats as generateur

    call_command("migrate", interactive=False, verbosity=0)
    preparer(args.forcer, args.graine)
    print(f"{generateur.compter()} dossiers décidés sur {generateur.EDITIONS} éditions.")
    arguments = [option for chemin in adresses() for option in ("--url", chemin)]
    # Le tableau et l'archive JSON de charge.py disent les volumes du registre de
    # bench/generer.py, vides dans cette base : ceux de ce banc-ci à leur place.
    import bench.generateurs

    bench.generateurs.volumes = generateur.volumes
    # La suite est celle de bench/charge.py : gunicorn, worker Celery, wrk, tableau.
    return charge.main(arguments + pour_charge)


if __name__ == "__main__":
    sys.exit(main())
