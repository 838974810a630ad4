"""Le démarrage selon l'environnement : chaque cas tourne dans un processus neuf,
puisque les réglages se lisent une seule fois, à l'import."""

import os
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/brest_numerique",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "SECRET_KEY": "une-cle-de-production-longue-et-aleatoire-" + "k7Qz9" * 6,
    "ALLOWED_HOSTS": "numerique.brest.fr",
    "CSRF_TRUSTED_ORIGINS": "https://numerique.brest.fr",
    "EMAIL_URL": "smtp://relais:motdepasse@smtp.brest.fr:587",
}


def lancer(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Environnement minimal : rien ne fuit de la session de test.
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=RACINE,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_le_mode_embarque_demarre_sur_sqlite_et_sert_l_accueil(tmp_path):
    script = (
        "import django; django.setup();"
        "from django.conf import settings;"
        "from django.core.management import call_command;"
        "call_command('migrate', verbosity=0);"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='127.0.0.1').get('/');"
        "print(settings.DATABASES['default']['ENGINE'], settings.DEBUG, r.status_code);"
        "print(r.content.decode())"
    )
    resultat = lancer(
        "-c",
        script,
        env={
            "DJANGO_SETTINGS_MODULE": "brest_numerique.settings",
            "SQLITE_PATH": str(tmp_path / "demo.sqlite3"),
        },
    )

    assert resultat.returncode == 0, resultat.stderr
    premiere_ligne, page = resultat.stdout.split("\n", 1)
    assert premiere_ligne == "django.db.backends.sqlite3 True 200"
    assert '<html lang="fr">' in page
    assert "Le numérique pour tous les habitants de Brest métropole" in page


def test_la_production_refuse_de_demarrer_sans_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    resultat = lancer("manage.py", "check", env=env)

    assert resultat.returncode != 0
    assert "ImproperlyConfigured" in resultat.stderr
    assert "SECRET_KEY" in resultat.stderr


def test_la_production_refuse_une_valeur_mal_formee():
    resultat = lancer("manage.py", "check", env={**PRODUCTION, "TRUSTED_PROXIES": "nginx"})

    assert resultat.returncode != 0
    assert "TRUSTED_PROXIES : adresse ou réseau invalide" in resultat.stderr


def test_la_production_refuse_une_base_qui_n_est_pas_postgresql():
    resultat = lancer("manage.py", "check", env={**PRODUCTION, "DATABASE_URL": "mysql://x@h/db"})

    assert resultat.returncode != 0
    assert "PostgreSQL" in resultat.stderr


def test_check_deploy_ne_signale_rien_en_production():
    resultat = lancer("manage.py", "check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION)

    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "System check identified no issues" in resultat.stdout
