"""Import d'un fichier national de lieux : importer_lieux contre django-import-export.

    .venv/bin/python bench/import_lieux.py [--lignes 20000] [--graine 2025]

Écrit un CSV réaliste au standard (bench/donnees_lieux.py : communes de toute la
France, services et horaires variés, même fichier d'un lancement à l'autre), puis
chronomètre dans le même lancement, base vidée avant chacun :

1. `manage.py importer_lieux FICHIER`, dans un processus à part, démarrage de
   Django compris : ce qu'attend la personne qui lance la commande ;
2. le service de cette commande (`papi.importation.lieux_importer`), dans ce
   processus-ci, sans démarrage à payer ;
3. l'import ligne à ligne par défaut de django-import-export
   (`LieuResource().import_data(dataset, dry_run=False)`), lecture du fichier
   comprise, dans ce processus-ci lui aussi ;
4. le même par la commande de django-import-export (`manage.py import`), dans un
   processus à part, démarrage compris.

Le rapport donne trois rapports de durées : la commande entière contre
django-import-export dans le processus ; à conditions égales, dans le processus
(sans démarrage ni d'un côté ni de l'autre), le service contre
django-import-export ; et commande contre commande (démarrage de part et d'autre).
Chaque mesure part d'une base vidée et d'un point de contrôle de PostgreSQL (voir
`vider`).

Base à part (IMPORT_DATABASE_URL, défaut `bn_import`, créée au besoin) et Redis à
part (IMPORT_REDIS_URL, base 5) : le banc vide la table des lieux à chaque mesure.
"""

import argparse
import csv
import os
import random
import subprocess
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
# Lancé comme script, seul bench/ est sur sys.path ; le paquet bench vit à la racine.
sys.path.insert(0, str(RACINE))

from bench import environnement  # noqa: E402
from bench.donnees_lieux import lignes_lieux  # noqa: E402
from bench.rapport import nombre  # noqa: E402

BASE_PAR_DEFAUT = "postgres://postgres@127.0.0.1:5432/bn_import"
REDIS_PAR_DEFAUT = "redis://127.0.0.1:6379/5"
RESULTATS = RACINE / "bench" / "resultats"


def lire_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lignes", type=int, default=20_000, help="lieux du fichier (20 000)")
    parser.add_argument("--graine", type=int, default=2025, help="graine du hasard (2025)")
    args = parser.parse_args(argv)
    if args.lignes < 1:
        parser.error("--lignes doit valoir au moins 1")
    return args


def ecrire_fichier(lignes: int, graine: int) -> Path:
    from papi.referentiel import COLONNES

    chemin = RESULTATS / f"lieux-{lignes}-{graine}.csv"
    chemin.parent.mkdir(parents=True, exist_ok=True)
    with chemin.open("w", encoding="utf-8", newline="") as fichier:
        # Tout entre guillemets, comme le fichier d'exemple du standard.
        ecrivain = csv.DictWriter(fichier, COLONNES, quoting=csv.QUOTE_ALL)
        ecrivain.writeheader()
        ecrivain.writerows(lignes_lieux(lignes, random.Random(graine)))
    return chemin


def vider() -> None:
    from django.db import connection

    # TRUNCATE plutôt qu'un DELETE de 20 000 lignes : chaque mesure part d'une
    # table neuve, sans lignes mortes que l'autre mesure n'aurait pas. CASCADE :
    # créneaux, signalements et tout ce qui viendra pointer vers un lieu.
    # CHECKPOINT : les pages qu'a salies la mesure précédente (un import ligne à
    # ligne en laisse des dizaines de mégaoctets) s'écrivent maintenant, pas
    # pendant la mesure suivante, qui paierait le travail d'une autre.
    with connection.cursor() as curseur:
        curseur.execute("TRUNCATE papi_lieu RESTART IDENTITY CASCADE")
        curseur.execute("CHECKPOINT")


def verifier_le_meme_resultat(attendu: tuple[int, int]) -> None:
    if etat() != attendu:
        raise SystemExit(f"Résultats différents : {attendu} contre {etat()} (lieux, créneaux).")


def etat() -> tuple[int, int]:
    from papi.models import Creneau, Lieu

    return Lieu.objects.count(), Creneau.objects.count()


IMPORTER_LIEUX = ["importer_lieux"]
# La commande de django-import-export, avec la ressource et le format de
# l'administration (séparateur du standard, BOM).
IMPORT_EXPORT = [
    "import",
    "papi.ressources.LieuResource",
    "--format",
    "papi.ressources.CSVStandard",
    "--encoding",
    "utf-8-sig",
    "--noinput",
]


def mesurer_commande(arguments: list[str], chemin: Path, env: dict[str, str]) -> float:
    debut = time.perf_counter()
    subprocess.run(
        [environnement.PYTHON, "manage.py", *arguments, str(chemin)],
        cwd=RACINE,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        # django-import-export écrit son bilan sur la sortie d'erreur.
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - debut


def mesurer_service(chemin: Path) -> float:
    from papi.importation import lieux_importer

    debut = time.perf_counter()
    rapport = lieux_importer(fichier=chemin)
    duree = time.perf_counter() - debut
    if rapport.refusees or not rapport.ecrit:
        raise SystemExit("lieux_importer a refusé des lignes : mesure invalide.")
    return duree


def mesurer_import_export(chemin: Path) -> float:
    from papi.ressources import CSVStandard, LieuResource

    debut = time.perf_counter()
    dataset = CSVStandard(encoding="utf-8-sig").create_dataset(chemin.read_bytes())
    resultat = LieuResource().import_data(dataset, dry_run=False)
    duree = time.perf_counter() - debut
    if resultat.has_errors() or resultat.has_validation_errors():
        raise SystemExit("django-import-export a refusé des lignes : mesure invalide.")
    return duree


def main(argv: list[str] | None = None) -> int:
    args = lire_arguments(argv)
    # Les variables du banc de charge désignent ici la base de ce banc-ci.
    os.environ["BENCH_DATABASE_URL"] = os.environ.get("IMPORT_DATABASE_URL", BASE_PAR_DEFAUT)
    os.environ["BENCH_REDIS_URL"] = os.environ.get("IMPORT_REDIS_URL", REDIS_PAR_DEFAUT)
    env = environnement.preparer_django()
    print(f"Base : {env['DATABASE_URL']}")

    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    chemin = ecrire_fichier(args.lignes, args.graine)
    print(f"Fichier : {chemin.relative_to(RACINE)} ({nombre(args.lignes)} lieux)")

    vider()
    commande = mesurer_commande(IMPORTER_LIEUX, chemin, env)
    attendu = etat()
    print(f"  importer_lieux : {nombre(commande, 2)} s")

    vider()
    service = mesurer_service(chemin)
    print(f"  lieux_importer, dans le processus : {nombre(service, 2)} s")
    verifier_le_meme_resultat(attendu)

    vider()
    import_export = mesurer_import_export(chemin)
    print(f"  django-import-export : {nombre(import_export, 2)} s")
    verifier_le_meme_resultat(attendu)

    vider()
    commande_import_export = mesurer_commande(IMPORT_EXPORT, chemin, env)
    print(f"  django-import-export, commande : {nombre(commande_import_export, 2)} s")
    verifier_le_meme_resultat(attendu)

    print()
    print("| Import | secondes | lieux/s |")
    print("|---|---|---|")
    mesures = [
        ("importer_lieux (commande, démarrage compris)", commande),
        ("lieux_importer (dans le processus)", service),
        ("django-import-export (dans le processus)", import_export),
        ("django-import-export (commande `import`, démarrage compris)", commande_import_export),
    ]
    for nom, duree in mesures:
        print(f"| {nom} | {nombre(duree, 2)} | {nombre(args.lignes / duree)} |")
    print()
    print(
        f"La commande est {nombre(import_export / commande, 1)} fois plus rapide que "
        f"django-import-export ; à conditions égales, dans le processus, "
        f"{nombre(import_export / service, 1)} fois ; commande contre commande, "
        f"{nombre(commande_import_export / commande, 1)} fois ({nombre(attendu[0])} lieux, "
        f"{nombre(attendu[1])} créneaux dans chaque cas)."
    )
    vider()
    return 0


if __name__ == "__main__":
    sys.exit(main())
