"""Mesure de charge du portail en mode production, sur la boucle locale.

    .venv/bin/python bench/charge.py [--url /papi/ ...] [--duree 10] [--connexions 16]
        [--connecte /moderation/ ...] [--commentaires] [--programme] [--depot] [--sans-cache]

Lance gunicorn et un worker Celery sur la base et le Redis du banc, passe wrk sur
chaque adresse (la vue /plancher/ d'abord, qui sert d'étalon), compte les
requêtes SQL de chacune, imprime un tableau Markdown et arrête tout ce qu'il a lancé.
"""

import argparse
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
# Lancé comme script, seul bench/ est sur sys.path ; le paquet bench vit à la racine.
sys.path.insert(0, str(RACINE))

from bench import depot_commentaire, environnement, processus, rapport  # noqa: E402
from bench.cibles import (  # noqa: E402
    ADRESSES_PAR_DEFAUT,
    PLANCHER,
    REPERES,
    Cible,
    cibles_conditionnelles,
    cibles_sans_cache,
    construire_cibles,
)
from bench.mesures import (  # noqa: E402
    DureeSansCache,
    EchecMesure,
    Mesure,
    client_django,
    compter,
    durees_sans_cache,
    durees_sans_cache_de_page,
    lancer_wrk,
    oublier_les_pages_en_cache,
)

RESULTATS = RACINE / "bench" / "resultats"
SCRIPT_SANS_CACHE = RACINE / "bench" / "sans_cache.lua"


@dataclass
class Resultats:
    mesures: list[Mesure]
    # Avec --tours : les mesures de chaque tour, plancher en tête de chacun.
    tours: list[list[Mesure]] = field(default_factory=list)
    durees: list[DureeSansCache] = field(default_factory=list)
    depot: dict[str, float] = field(default_factory=dict)
    remarques: list[str] = field(default_factory=list)


def lire_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Mesure de charge du portail (wrk + gunicorn).")
    parser.add_argument(
        "--url",
        action="append",
        default=[],
        metavar="CHEMIN",
        help="adresse à ajouter aux adresses par défaut (/plancher/, /, /sante/) ; répétable",
    )
    parser.add_argument(
        "--connecte",
        action="append",
        default=[],
        metavar="CHEMIN",
        help="adresse à mesurer connecté en webmestre du banc (cookie de session) ; répétable",
    )
    parser.add_argument(
        "--commentaires",
        action="store_true",
        help="mesurer aussi la fiche aux 500 commentaires (pages 1 et 10) et la file "
        "de modération connecté en webmestre",
    )
    parser.add_argument(
        "--programme",
        action="store_true",
        help="mesurer aussi les pages du programme sur les 5 000 actualités générées : "
        "l'accueil, un dispositif, la liste des actualités (pages 1 et 2) et une actualité",
    )
    parser.add_argument(
        "--depot",
        action="store_true",
        help="mesurer aussi le dépôt de commentaires (POST sous charge, bench/depot_commentaire.py)",
    )
    parser.add_argument(
        "--sans-cache",
        action="store_true",
        help="mesurer aussi chaque page anonyme que le cache sert, une adresse neuve par "
        "requête, et le coût sans cache de chaque adresse dans le processus",
    )
    parser.add_argument(
        "--conditionnel",
        action="store_true",
        help="mesurer aussi chaque page anonyme qui donne un ETag comme la redemande un "
        "navigateur qui l'a gardée (If-None-Match, réponse 304)",
    )
    parser.add_argument(
        "--repetitions",
        type=int,
        default=20,
        help="requêtes par adresse pour la durée sans cache dans le processus (20)",
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
    parser.add_argument(
        "--tours",
        type=int,
        default=1,
        help=(
            "passer N fois sur toutes les adresses, plancher compris, et donner pour "
            "chacune la médiane des rapports au plancher du même tour (1)"
        ),
    )
    parser.add_argument("--sans-json", action="store_true", help="ne pas archiver le résultat")
    args = parser.parse_args(argv)
    for chemin in args.url + args.connecte:
        if not chemin.startswith("/"):
            parser.error(
                f"--url et --connecte attendent un chemin commençant par « / », pas « {chemin} »"
            )
    if not 2 <= args.workers <= 4:
        parser.error("--workers doit valoir de 2 à 4")
    if min(args.duree, args.connexions, args.threads, args.repetitions, args.tours) < 1:
        parser.error(
            "--duree, --connexions, --threads, --repetitions et --tours doivent être positifs"
        )
    # dict.fromkeys : sans doublon, dans l'ordre, le plancher toujours en tête.
    args.chemins = list(dict.fromkeys(ADRESSES_PAR_DEFAUT + args.url))
    args.reperes = REPERES if args.programme else ADRESSES_PAR_DEFAUT
    return args


def _sur_sigterm(signum: int, frame: object) -> None:
    # Transformé en KeyboardInterrupt pour passer par le même arrêt que Ctrl-C.
    raise KeyboardInterrupt


def echauffer(url: str, fois: int = 10, en_tetes: dict[str, str] | None = None) -> None:
    """Quelques requêtes avant wrk, pour que chaque worker ait chargé ses gabarits."""
    for _ in range(fois):
        processus.statut_http(url, en_tetes=en_tetes)


def connexion_webmestre():
    """Un client de test connecté en webmestre du banc, et l'en-tête Cookie de sa
    session (enregistrée en base : gunicorn la retrouve) pour wrk."""
    from django.conf import settings

    from bench.generateurs import webmestre
    from brest_numerique.comptes.models import User

    client = client_django()
    try:
        client.force_login(webmestre())
    except User.DoesNotExist as exc:  # données générées avant le générateur du webmestre
        raise EchecMesure(
            f"webmestre du banc introuvable ({exc}) : relancer bench/generer.py"
        ) from exc
    nom = settings.SESSION_COOKIE_NAME
    return client, {"Cookie": f"{nom}={client.cookies[nom].value}"}


def mesurer(args: argparse.Namespace, env: dict[str, str]) -> Resultats:
    """Démarre les services, mesure chaque adresse, et les arrête quoi qu'il arrive."""
    services: list[processus.Service] = []
    try:
        if args.depot:
            depot_commentaire.nettoyer()  # ce qu'un lancement interrompu aurait laissé
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

        cibles = construire_cibles(args)
        depot = None
        if args.depot:
            from bench.generateurs import fiche_commentee

            # Préparés tôt : les horodatages signés doivent avoir plus de 3 s au
            # premier envoi.
            depot = depot_commentaire.preparer(
                base + fiche_commentee().get_absolute_url(),
                nombre=args.duree * depot_commentaire.NAVIGATEURS_PAR_SECONDE,
                dossier=RESULTATS,
                repetitions=args.repetitions,
            )
        anonyme = client_django()
        webmestre, en_tetes_webmestre = (
            connexion_webmestre() if any(c.connecte for c in cibles) else (None, {})
        )
        sql = {c: compter(webmestre if c.connecte else anonyme, c.chemin) for c in cibles}
        remarques = []
        ajouts = []
        if args.sans_cache:
            retenues, remarques = cibles_sans_cache(cibles, sql, anonyme, args.reperes)
            ajouts += retenues
        if args.conditionnel:
            ajouts += cibles_conditionnelles(cibles, sql, anonyme, args.reperes)
        cibles += ajouts

        # Chaque tour repasse par le plancher : la machine dérive d'une minute à
        # l'autre, et un rapport ne compare que des mesures voisines.
        tours = [
            mesurer_les_cibles(args, base, cibles, sql, en_tetes_webmestre, tour)
            for tour in range(1, args.tours + 1)
        ]
        resultats = Resultats(tours[0], tours=tours if args.tours > 1 else [], remarques=remarques)

        if args.sans_cache:
            print(
                f"  durées sans cache dans le processus, {args.repetitions} requêtes par adresse…",
                flush=True,
            )
            # Les repères n'y sont pas : /sante/ teste justement le cache, que le
            # cache factice ferait passer pour en panne.
            anonymes = [PLANCHER] + [
                c.chemin
                for c in cibles
                if not (c.connecte or c.sans_cache or c.en_tetes or c.chemin in args.reperes)
            ]
            resultats.durees = durees_sans_cache(
                anonymes, repetitions=args.repetitions, client=anonyme
            )
            resultats.durees += durees_sans_cache_de_page(
                anonymes, repetitions=args.repetitions, client=anonyme, note="sans cache de page"
            )
            connectes = [c.chemin for c in cibles if c.connecte]
            if connectes:
                resultats.durees += durees_sans_cache(
                    connectes, repetitions=args.repetitions, client=webmestre, note="webmestre"
                )
                resultats.durees += durees_sans_cache_de_page(
                    connectes,
                    repetitions=args.repetitions,
                    client=webmestre,
                    note="webmestre, sans cache de page",
                )

        if depot is not None:
            # En dernier : les dépôts écrivent en base et occupent le worker Celery.
            plancher, mesure, dans_le_processus = mesurer_depot(args, base, depot)
            resultats.mesures += [plancher, mesure]
            print("  attente des suites des dépôts et des courriels…", flush=True)
            secondes, reste = depot_commentaire.attendre_envois(delai=120)
            resultats.depot = depot_commentaire.bilan() | {
                "ms par écriture du plancher seule dans le processus (médiane)": round(
                    dans_le_processus["plancher"][2], 1
                ),
                "ms par dépôt seul dans le processus (médiane)": round(
                    dans_le_processus["depot"][2], 1
                ),
                "p99 du dépôt ÷ p99 du plancher d'écriture": round(
                    mesure.p99_ms / plancher.p99_ms, 2
                ),
                "secondes pour finir les suites et vider la boîte d'envoi": round(secondes, 1),
            }
            if reste:
                resultats.remarques.append(
                    f"{reste} suites de dépôt ou courriels encore en attente après 120 s."
                )
        return resultats
    finally:
        for service in reversed(services):
            service.arreter()
        if args.depot:
            depot_commentaire.nettoyer()


def mesurer_les_cibles(
    args: argparse.Namespace,
    base: str,
    cibles: list[Cible],
    sql: dict[Cible, tuple[int, int]],
    en_tetes_webmestre: dict[str, str],
    tour: int,
) -> list[Mesure]:
    mesures = []
    marque = f" (tour {tour}/{args.tours})" if args.tours > 1 else ""
    for cible in cibles:
        en_tetes = (en_tetes_webmestre if cible.connecte else {}) | dict(cible.en_tetes)
        oublier_les_pages_en_cache()
        echauffer(base + cible.chemin, en_tetes=en_tetes)
        print(f"  {cible.chemin} {cible.note} : {args.duree} s sous charge{marque}…", flush=True)
        mesure = lancer_wrk(
            base,
            cible.chemin,
            duree=args.duree,
            connexions=args.connexions,
            threads=args.threads,
            en_tetes=en_tetes,
            script=SCRIPT_SANS_CACHE if cible.sans_cache else None,
        )
        mesure.note = cible.note
        mesure.statut, mesure.requetes_sql = sql[cible]
        mesures.append(mesure)
    return mesures


def mesurer_depot(
    args: argparse.Namespace, base: str, depot: depot_commentaire.Depot
) -> tuple[Mesure, Mesure, dict[str, tuple]]:
    """Le plancher d'écriture puis le dépôt, sous la même charge (mêmes réglages de
    wrk, mêmes corps) ; et chacun seul dans le processus."""
    depot_commentaire.attendre_horodatage(depot)
    depot_commentaire.chauffer(base, depot)
    dans_le_processus = depot_commentaire.mesurer_dans_le_processus(
        depot, repetitions=args.repetitions
    )
    for nom, libelle in (("plancher", "une écriture du plancher"), ("depot", "un dépôt")):
        ms = rapport.nombre(dans_le_processus[nom][2], 1)
        print(f"  {libelle} seul, dans le processus : {ms} ms (médiane)")
    mesures = []
    for chemin, note, (statut, requetes_sql, _) in (
        (depot.plancher, "POST (plancher d'écriture)", dans_le_processus["plancher"]),
        (depot.action, "POST", dans_le_processus["depot"]),
    ):
        print(f"  {chemin} {note} : {args.duree} s sous charge…", flush=True)
        mesure = lancer_wrk(
            base,
            chemin,
            duree=args.duree,
            connexions=args.connexions,
            threads=args.threads,
            script=depot_commentaire.SCRIPT,
            variables=depot_commentaire.variables_wrk(depot, chemin=chemin, fils=args.threads),
        )
        mesure.note, mesure.statut, mesure.requetes_sql = note, statut, requetes_sql
        mesures.append(mesure)
        # Le worker finit les tâches du plancher avant que les dépôts ne commencent :
        # chaque mesure ne partage la machine qu'avec ses propres suites.
        depot_commentaire.attendre_la_file_celery(delai=60)
    return mesures[0], mesures[1], dans_le_processus


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
        resultats = mesurer(args, env)
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
    print(rapport.tableau(resultats.mesures))
    if resultats.tours:
        print()
        print(f"p99 ÷ plancher du même tour, {len(resultats.tours)} tours :")
        print()
        print(rapport.tableau_des_tours(resultats.tours))
    if resultats.depot:
        print()
        print("Dépôt de commentaires : " + rapport.bilan(resultats.depot))
    if resultats.durees:
        print()
        print(
            f"Sans cache, dans le processus (client de test de Django, cache factice, "
            f"{args.repetitions} requêtes par adresse) :"
        )
        print()
        print(rapport.tableau_durees(resultats.durees))
    for remarque in resultats.remarques:
        print(f"- {remarque}")
    if not args.sans_json:
        parametres = {k: v for k, v in vars(args).items() if k not in ("url", "sans_json")}
        parametres |= {"coeurs": os.cpu_count(), "charge_initiale": charge_initiale}
        fichier = rapport.ecrire_json(
            RESULTATS,
            resultats.mesures,
            parametres=parametres,
            volumes=donnees,
            durees=resultats.durees,
            depot=resultats.depot,
            tours=resultats.tours,
        )
        print(f"\nRésultats archivés dans {fichier.relative_to(RACINE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
