"""Remplit la base du banc à l'échelle voulue, avec les générateurs de chaque application.

    .venv/bin/python bench/generer.py --echelle 10

Relancé à la même échelle, il ne refait rien ; à une autre échelle (ou avec
--forcer), il efface les lignes qu'il avait générées et recommence.
"""

import argparse
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

RACINE = Path(__file__).resolve().parent.parent
# Lancé comme script, seul bench/ est sur sys.path ; le paquet bench vit à la racine.
sys.path.insert(0, str(RACINE))

from bench import environnement  # noqa: E402
from bench.rapport import nombre  # noqa: E402


def lire_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Génère les données du banc de charge.")
    parser.add_argument(
        "--echelle", type=int, default=10, help="multiplicateur des volumes (défaut : 10)"
    )
    parser.add_argument("--forcer", action="store_true", help="régénérer même si tout est là")
    parser.add_argument("--graine", type=int, default=2025, help="graine du hasard (défaut : 2025)")
    args = parser.parse_args(argv)
    if args.echelle < 1:
        parser.error("--echelle doit valoir au moins 1")
    return args


def generer(echelle: int, *, forcer: bool = False, graine: int = 2025) -> dict[str, int]:
    """Amène la base à `echelle` et renvoie les volumes visés (vide si rien à faire).

    Tout est effacé puis recréé d'un bloc, dans une transaction : les générateurs
    dépendent les uns des autres (une notification pointe vers un usager), refaire
    un seul d'entre eux romprait ces liens ; et un arrêt en route ne laisse rien à demi.
    """
    from django.db import connection, transaction

    from bench.generateurs import GENERATEURS, cibles, volumes

    voulu = cibles(echelle)
    if not forcer and volumes() == voulu:
        return {}
    alea = random.Random(graine)
    with transaction.atomic():
        for generateur in reversed(GENERATEURS):
            generateur.supprimer()
        for generateur in GENERATEURS:
            debut = time.perf_counter()
            generateur.creer(voulu[generateur.libelle], alea)
            duree = time.perf_counter() - debut
            print(
                f"  {generateur.application} : {nombre(voulu[generateur.libelle])} "
                f"{generateur.libelle} en {nombre(duree, 1)} s"
            )
    # Une base en service est passée par l'autovacuum ; des tables remplies d'un coup
    # ne le sont pas encore. Sans statistiques, PostgreSQL planifierait les requêtes
    # comme sur des tables vides ; sans carte de visibilité, il ne peut lire aucun
    # index seul (« Index Only Scan ») : il ouvre la table à chaque ligne (mesuré sur
    # la file de modération : 44 ms au lieu de 3 pour compter 50 000 commentaires
    # publiés). VACUUM ne s'exécute pas dans une transaction : connexion en
    # autocommit, comme celle de Django ici.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return voulu


def main(argv: list[str] | None = None) -> int:
    args = lire_arguments(argv)
    env = environnement.preparer_django()
    base = urlsplit(env["DATABASE_URL"])
    print(f"Base du banc : {base.hostname}:{base.port or 5432}{base.path}")

    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    debut = time.perf_counter()
    voulu = generer(args.echelle, forcer=args.forcer, graine=args.graine)
    if not voulu:
        print(f"Données déjà à l'échelle {args.echelle} : rien à faire.")
    else:
        print(f"Échelle {args.echelle} prête en {nombre(time.perf_counter() - debut, 1)} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
