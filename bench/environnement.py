"""L'environnement de production du banc : base et Redis à part, trafic local.

Le banc lit BENCH_DATABASE_URL et BENCH_REDIS_URL, jamais DATABASE_URL ni
REDIS_URL : une variable de développement restée dans le shell ne doit pas lui
faire remplir ou vider une autre base que la sienne.
"""

import argparse
import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

RACINE = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent

BASE_PAR_DEFAUT = "postgres://postgres@127.0.0.1:5432/bn_bench"
REDIS_PAR_DEFAUT = "redis://127.0.0.1:6379/3"
# testserver : le client de test de Django qui compte les requêtes SQL.
HOTES = "127.0.0.1,localhost,testserver"


def arguments_des_mesures(
    description: str, *, repetitions: int, graine: int, argv=None
) -> argparse.Namespace:
    """Les options communes des bancs mesurés dans le processus : --repetitions
    (passages mesurés), --forcer (régénérer les données), --graine (du hasard)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--repetitions",
        type=int,
        default=repetitions,
        help=f"passages mesurés ({repetitions})",
    )
    parser.add_argument("--forcer", action="store_true", help="régénérer les données")
    parser.add_argument("--graine", type=int, default=graine, help=f"graine du hasard ({graine})")
    args = parser.parse_args(argv)
    if args.repetitions < 1:
        parser.error("--repetitions doit valoir au moins 1")
    return args


def variables() -> dict[str, str]:
    """Les variables qui placent le portail en mode production pour le banc."""
    return {
        "DJANGO_SETTINGS_MODULE": "brest_numerique.settings",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", BASE_PAR_DEFAUT),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", REDIS_PAR_DEFAUT),
        # Clé jetable, tirée à chaque lancement : rien de ce que signe le banc ne dure.
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": HOTES,
        "EMAIL_URL": "console://",
        # Un DEBUG=true resté dans le shell garderait chaque requête SQL en mémoire.
        "DEBUG": "false",
        # Le banc parle HTTP en clair sur la boucle locale : sans cela, tout serait un 301.
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        # Comme en production, derrière un mandataire inverse : l'adresse du visiteur
        # est celle de X-Forwarded-For. Seul le dépôt de commentaires du banc envoie
        # cet en-tête, un par requête, pour ne pas buter sur les limites par IP.
        "TRUSTED_PROXIES": "127.0.0.1",
        # L'étalon /plancher/ n'existe que pour le banc.
        "PLANCHER_ACTIF": "true",
        # La valeur par défaut, posée ici pour qu'une variable restée dans le shell
        # ne change pas le chemin mesuré : les anonymes confirment leur adresse.
        "COMMENTAIRES_CONFIRMATION_EMAIL": "true",
        # Comme `make test` et `make bench-import` (Makefile, PYCACHE_ENV) : le
        # bytecode se garde dans .venv/pycache. Sans cela, sur une machine qui pose
        # PYTHONDONTWRITEBYTECODE, chaque processus lancé par le banc (importer_lieux,
        # gunicorn, Celery) recompilait les quelque mille modules qu'il importe :
        # 3 s de plus sur les 7 de la commande d'import, qu'un venv de production,
        # compilé par pip à l'installation, ne paie jamais.
        "PYTHONDONTWRITEBYTECODE": "",
        "PYTHONPYCACHEPREFIX": str(RACINE / ".venv" / "pycache"),
    }


def appliquer() -> dict[str, str]:
    """Installe ces variables dans le processus courant et renvoie l'environnement
    complet à transmettre aux sous-processus (gunicorn, celery, manage.py)."""
    os.environ.update(variables())
    if str(RACINE) not in sys.path:
        sys.path.insert(0, str(RACINE))
    return dict(os.environ)


def creer_base_si_absente(database_url: str) -> bool:
    """Crée la base du banc au besoin ; renvoie True si elle vient d'être créée."""
    import psycopg
    from psycopg import sql

    parties = urlsplit(database_url)
    nom = parties.path.lstrip("/")
    maintenance = urlunsplit(parties._replace(path="/postgres"))
    # CREATE DATABASE refuse de tourner dans une transaction : autocommit obligatoire.
    with psycopg.connect(maintenance, autocommit=True) as conn:
        existe = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nom]).fetchone()
        if existe:
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nom)))
    return True


def preparer_django() -> dict[str, str]:
    """Environnement du banc, base créée, Django initialisé. Renvoie l'environnement."""
    env = appliquer()
    creer_base_si_absente(env["DATABASE_URL"])
    import django

    django.setup()
    # Le processus du banc démarre comme un worker de gunicorn : par le point
    # d'entrée WSGI, qui sort le démarrage du ramasse-miettes (brest_numerique/wsgi.py).
    import brest_numerique.wsgi  # noqa: F401

    return env
