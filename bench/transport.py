"""Ce que coûte la seule transmission d'un gros corps, sans Django ni portail.

    .venv/bin/python bench/transport.py [--octets 466000] [--tours 3] [--duree 8]

Lance gunicorn, avec la configuration de production et deux workers comme le banc
de charge, sur une application WSGI qui ne fait que rendre un corps tout prêt
(bench/application_nue.py) : 2 octets, ou autant que le GeoJSON compressé des
20 000 lieux du banc. wrk charge l'un puis l'autre, tour après tour, avec les
réglages de bench/charge.py, et le banc donne le p99 du gros corps rapporté à
celui du petit, dans chaque tour.

C'est la borne de ce que peut atteindre la carte en cache (bench/README.md) : ce
rapport ne mesure que gunicorn, wrk et la boucle locale, qui se partagent les
deux cœurs. Devant un mandataire inverse qui lit la réponse d'un coup (en
production), le worker serait libéré bien avant que le client ait tout reçu.
"""

import argparse
import statistics
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
# Lancé comme script, seul bench/ est sur sys.path ; le paquet bench vit à la racine.
sys.path.insert(0, str(RACINE))

from bench import environnement, processus  # noqa: E402
from bench.mesures import lancer_wrk  # noqa: E402
from bench.rapport import nombre  # noqa: E402


def lire_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--octets", type=int, default=466_000, help="taille du gros corps")
    parser.add_argument("--tours", type=int, default=3, help="paires petit, gros (3)")
    parser.add_argument("--duree", type=int, default=8, help="secondes de charge par mesure")
    parser.add_argument("--connexions", type=int, default=16, help="connexions de wrk")
    parser.add_argument("--threads", type=int, default=2, help="threads de wrk")
    args = parser.parse_args(argv)
    if min(args.octets, args.tours, args.duree, args.connexions, args.threads) < 1:
        parser.error("toutes les valeurs doivent être positives")
    return args


def main(argv: list[str] | None = None) -> int:
    args = lire_arguments(argv)
    env = environnement.appliquer() | {"TAILLE_DU_CORPS": str(args.octets)}
    port = processus.port_libre()
    base = f"http://127.0.0.1:{port}"
    gunicorn = processus.demarrer_gunicorn(
        env, port=port, workers=2, application="bench.application_nue:application"
    )
    try:
        if processus.attendre(base + "/petit/", [gunicorn], delai=30) != 200:
            print("ERREUR : gunicorn ne répond pas.", file=sys.stderr)
            return 1
        print(
            f"| tour | petit : req/s, p99 | {nombre(args.octets)} octets : req/s, p99 | rapport des p99 |"
        )
        print("|---:|---:|---:|---:|")
        rapports = []
        for tour in range(1, args.tours + 1):
            petit, gros = (
                lancer_wrk(
                    base,
                    chemin,
                    duree=args.duree,
                    connexions=args.connexions,
                    threads=args.threads,
                )
                for chemin in ("/petit/", "/corps/")
            )
            rapports.append(gros.p99_ms / petit.p99_ms)
            print(
                f"| {tour} | {nombre(petit.requetes_par_s)} ; {nombre(petit.p99_ms, 1)} ms "
                f"| {nombre(gros.requetes_par_s)} ; {nombre(gros.p99_ms, 1)} ms "
                f"| {nombre(rapports[-1], 2)} |"
            )
        print(f"\nMédiane des rapports : {nombre(statistics.median(rapports), 2)}")
    finally:
        gunicorn.arreter()
    return 0


if __name__ == "__main__":
    sys.exit(main())
