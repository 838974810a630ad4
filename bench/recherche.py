"""Durée de la recherche sur tout le site (programmes.recherche.rechercher), dans le
processus, sur PostgreSQL : 20 000 lieux et 5 000 actualités.

    .venv/bin/python bench/recherche.py
    .venv/bin/python bench/recherche.py --repetitions 100 --requete "fablab quimper"

Ce n'est pas un test : rien n'échoue, on lit la médiane et le 95e centile. Comme
le reste du banc, il lit BENCH_DATABASE_URL et BENCH_REDIS_URL (jamais
DATABASE_URL) ; par défaut sa propre base, bn_recherche, pour ne pas ajouter
d'actualités à celle de `make bench`. Les données sont créées au premier
lancement (une à deux minutes : les actualités passent par l'API de Wagtail, qui
les indexe une à une) et gardées pour les suivants.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bn_recherche")
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")

from bench import environnement  # noqa: E402

LIEUX = 20_000
ACTUALITES = 5_000
MARQUE = "banc-actu"
REQUETES = ("médiathèque brest", "atelier numérique", "fablab quimper")

# fmt: off
SUJETS = ["Atelier", "Permanence", "Formation", "Rencontre", "Portes ouvertes", "Forum",
          "Exposition", "Conférence", "Appel à projets", "Bilan"]
THEMES = ["numérique", "démarches en ligne", "réseaux sociaux", "impression 3D", "fibre optique",
          "logiciels libres", "photo et vidéo", "sécurité en ligne", "programmation", "jeux vidéo"]
LIEUX_DITS = ["à la médiathèque de Bellevue", "au centre social de Kerourien", "à la cantine numérique",
              "aux Capucins", "à Guipavas", "à Plouzané", "au fablab de Recouvrance",
              "dans les PAPI de Brest", "à Lambézellec", "au Relecq-Kerhuon"]
PUBLICS = ["les seniors", "les familles", "les demandeurs d'emploi", "les collégiens",
           "les associations", "tous les habitants"]
# fmt: on


def lire_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Mesure la recherche sur tout le site.")
    parser.add_argument("--repetitions", type=int, default=50, help="mesures par requête (50)")
    parser.add_argument(
        "--requete", action="append", help=f"texte cherché, répétable (défaut : {REQUETES})"
    )
    return parser.parse_args(argv)


def preparer_lieux() -> None:
    from bench.generateurs.papi import _lieux, creer_lieux

    if _lieux().count() == LIEUX:
        return
    _lieux().delete()
    debut = time.perf_counter()
    creer_lieux(LIEUX, random.Random(2025))
    print(f"  {LIEUX} lieux en {time.perf_counter() - debut:.1f} s")


def preparer_actualites() -> None:
    from wagtail.models import Page, Site

    from programmes.models import ActualitePage, ActualitesPage, DispositifPage, DispositifsPage

    if ActualitePage.objects.filter(slug__startswith=MARQUE).count() == ACTUALITES:
        return
    Page.objects.filter(slug__startswith=MARQUE).delete()
    Page.objects.filter(slug__in=["banc-actualites", "banc-dispositifs"]).delete()
    alea = random.Random(2025)
    racine = Site.objects.get(is_default_site=True).root_page
    liste = racine.add_child(
        instance=ActualitesPage(title="Actualités (banc)", slug="banc-actualites")
    )
    rubrique = racine.add_child(
        instance=DispositifsPage(title="Dispositifs (banc)", slug="banc-dispositifs")
    )
    dispositifs = [
        rubrique.add_child(
            instance=DispositifPage(
                title=f"{theme.capitalize()} (banc)",
                slug=f"{MARQUE}-dispositif-{numero}",
                chapo=f"Le dispositif {theme} du programme numérique de Brest métropole.",
            )
        )
        for numero, theme in enumerate(THEMES)
    ]
    debut = time.perf_counter()
    for numero in range(ACTUALITES):
        sujet, theme = alea.choice(SUJETS), alea.choice(THEMES)
        liste.add_child(
            instance=ActualitePage(
                title=f"{sujet} {theme} {alea.choice(LIEUX_DITS)}",
                slug=f"{MARQUE}-{numero}",
                date=date(2026, 1, 1) - timedelta(days=alea.randint(0, 3650)),
                dispositif=alea.choice([None, *dispositifs]),
                chapo=f"{sujet} {theme} pour {alea.choice(PUBLICS)}, {alea.choice(LIEUX_DITS)}.",
            )
        )
        if numero % 1000 == 999:
            print(f"  {numero + 1} actualités en {time.perf_counter() - debut:.0f} s", flush=True)


def mesurer(texte: str, repetitions: int) -> tuple[float, float, list]:
    from programmes.recherche import rechercher

    groupes = rechercher(texte)  # chauffe : connexion, plans, cache des sites
    durees = []
    for _ in range(repetitions):
        debut = time.perf_counter()
        rechercher(texte)
        durees.append((time.perf_counter() - debut) * 1000)
    durees.sort()
    p95 = durees[min(len(durees) - 1, round(0.95 * len(durees)) - 1)]
    return statistics.median(durees), p95, groupes


def main(argv=None) -> int:
    args = lire_arguments(argv)
    env = environnement.preparer_django()
    print(f"Base : {env['DATABASE_URL']}")

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    preparer_lieux()
    preparer_actualites()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    print(f"{'requête':<24} {'p50 (ms)':>9} {'p95 (ms)':>9}  résultats par sorte")
    for texte in args.requete or REQUETES:
        p50, p95, groupes = mesurer(texte, args.repetitions)
        totaux = ", ".join(f"{groupe.libelle} {groupe.total}" for groupe in groupes)
        print(f"{texte:<24} {p50:>9.1f} {p95:>9.1f}  {totaux}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
