"""Mesure de charge du portail en mode production, sur la boucle locale.

    .venv/bin/python bench/charge.py [--url /papi/ ...] [--duree 10] [--connexions 16]

Lance gunicorn et un worker Celery sur la base et le Redis du banc, passe wrk sur
chaque adresse (la vue /plancher/ d'abord, qui sert d'étalon), compte les
requêtes SQL de chacune, imprime un tableau Markdown et arrête tout ce qu'il a lancé.
"""

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
# Lancé comme script, seul bench/ est sur sys.path ; le paquet bench vit à la racine.
sys.path.insert(0, str(RACINE))

from bench import environnement, processus, rapport  # noqa: E402
from bench.mesures import EchecMesure, Mesure, compter_requetes_sql, lancer_wrk  # noqa: E402

PLANCHER = "/plancher/"
ADRESSES_PAR_DEFAUT = [PLANCHER, "/", "/sante/"]
RESULTATS = RACINE / "bench" / "resultats"


def lire_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Mesure de charge du portail (wrk + gunicorn).")
    parser.add_argument(
        "--url",
        action="append",
        default=[],
        metavar="CHEMIN",
        help="adresse à ajouter aux adresses par défaut (/plancher/, /, /sante/) ; répétable",
    )
    parser.add_argument("--duree", type=int, default=10, help="secondes de charge par adresse")
    parser.add_argument("--connexions", type=int, default=16, help="connexions ouvertes par wrk")
    parser.add_argument("--threads", type=int, default=2, help="threads de wrk")
    parser.add_argument("--workers", type=int, default=2, help="workers gunicorn (2 à 4)")
    parser.add_argument(
        "--recycler",
        action="store_true",
        help="garder le recyclage des workers de production (max_requests), qui bruite le p99",
    )
    parser.add_argument("--sans-json", action="store_true", help="ne pas archiver le résultat")
    args = parser.parse_args(argv)
    for chemin in args.url:
        if not chemin.startswith("/"):
            parser.error(f"--url attend un chemin commençant par « / », pas « {chemin} »")
    if not 2 <= args.workers <= 4:
        parser.error("--workers doit valoir de 2 à 4")
    if args.duree < 1 or args.connexions < 1 or args.threads < 1:
        parser.error("--duree, --connexions et --threads doivent être positifs")
    # dict.fromkeys : sans doublon, dans l'ordre, le plancher toujours en tête.
    args.chemins = list(dict.fromkeys(ADRESSES_PAR_DEFAUT + args.url))
    return args


def _sur_sigterm(signum: int, frame: object) -> None:
    # Transformé en KeyboardInterrupt pour passer par le même arrêt que Ctrl-C.
    raise KeyboardInterrupt


def echauffer(url: str, fois: int = 10) -> None:
    """Quelques requêtes avant wrk, pour que chaque worker ait chargé ses gabarits."""
    for _ in range(fois):
        processus.statut_http(url)


def mesurer(args: argparse.Namespace, env: dict[str, str]) -> list[Mesure]:
    """Démarre les services, mesure chaque adresse, et les arrête quoi qu'il arrive."""
    services: list[processus.Service] = []
    try:
        services.append(processus.demarrer_celery(env))
        port = processus.port_libre()
        services.append(
            processus.demarrer_gunicorn(
                env, port=port, workers=args.workers, recycler=args.recycler
            )
        )
        base = f"http://127.0.0.1:{port}"
        print(f"gunicorn ({args.workers} workers) sur {base}, worker Celery : attente…", flush=True)
        if processus.attendre(base + PLANCHER, services) != 200:
            raise processus.EchecDemarrage(
                f"{PLANCHER} ne répond pas 200 :\n" + services[-1].fin_du_journal()
            )
        if (code := processus.attendre(base + "/sante/", services, delai=30)) != 200:
            etat = f"répond {code}" if code else "ne répond pas"
            print(f"ATTENTION : /sante/ {etat} ; mesures poursuivies.", file=sys.stderr)

        sql = compter_requetes_sql(args.chemins)
        mesures = []
        for chemin in args.chemins:
            echauffer(base + chemin)
            print(f"  {chemin} : {args.duree} s sous charge…", flush=True)
            mesure = lancer_wrk(
                base,
                chemin,
                duree=args.duree,
                connexions=args.connexions,
                threads=args.threads,
            )
            mesure.statut, mesure.requetes_sql = sql[chemin]
            mesures.append(mesure)
        return mesures
    finally:
        for service in reversed(services):
            service.arreter()


def main(argv: list[str] | None = None) -> int:
    args = lire_arguments(argv)
    # Lancé en arrière-plan par un shell, le banc hériterait d'un SIGINT ignoré.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _sur_sigterm)
    # Relevée avant tout lancement : ce qui occupait déjà la machine bruitera les chiffres.
    charge_initiale = os.getloadavg()[0]
    try:
        env = environnement.preparer_django()
        print("Préparation : migrate, collectstatic…", flush=True)
        processus.manage(env, "migrate", "--noinput", "--verbosity", "0")
        processus.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        mesures = mesurer(args, env)
    except KeyboardInterrupt:
        print("\nInterrompu : services arrêtés.", file=sys.stderr)
        return 130
    except (processus.EchecDemarrage, EchecMesure, subprocess.CalledProcessError) as exc:
        print(f"ERREUR : {exc}", file=sys.stderr)
        return 1

    from bench.generateurs import volumes

    donnees = volumes()
    print()
    print(
        f"Données : {', '.join(f'{rapport.nombre(n)} {nom}' for nom, n in donnees.items())} ; "
        f"wrk {args.threads} threads, {args.connexions} connexions, {args.duree} s par adresse ; "
        f"{os.cpu_count()} cœurs, charge initiale {rapport.nombre(charge_initiale, 2)}."
    )
    if charge_initiale > 1:
        print("ATTENTION : la machine était déjà occupée ; chiffres bruités, à refaire au calme.")
    print()
    print(rapport.tableau(mesures))
    if not args.sans_json:
        parametres = {k: v for k, v in vars(args).items() if k not in ("url", "sans_json")}
        parametres |= {"coeurs": os.cpu_count(), "charge_initiale": charge_initiale}
        fichier = rapport.ecrire_json(RESULTATS, mesures, parametres=parametres, volumes=donnees)
        print(f"\nRésultats archivés dans {fichier.relative_to(RACINE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
