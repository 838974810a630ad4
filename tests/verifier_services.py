"""Vérifie, avant toute installation, que PostgreSQL et Redis répondent.

Bibliothèque standard seulement : ce script tourne avant la création du
virtualenv. Usage : python3 tests/verifier_services.py DATABASE_URL REDIS_URL
"""

import socket
import sys
from urllib.parse import urlsplit

DEMARRER = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": (
        'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" '
        "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log"
    ),
}


def joignable(hote: str, port: int) -> bool:
    try:
        with socket.create_connection((hote, port), timeout=2):
            return True
    except OSError:
        return False


def services_injoignables(database_url: str, redis_url: str) -> list[str]:
    messages = []
    for nom, url, port_defaut in (
        ("PostgreSQL", database_url, 5432),
        ("Redis", redis_url, 6379),
    ):
        parties = urlsplit(url)
        hote, port = parties.hostname or "127.0.0.1", parties.port or port_defaut
        if not joignable(hote, port):
            messages.append(
                f"{nom} ne répond pas sur {hote}:{port}. Démarrez-le, par exemple :\n"
                f"    {DEMARRER[nom]}"
            )
    return messages


if __name__ == "__main__":
    erreurs = services_injoignables(sys.argv[1], sys.argv[2])
    for message in erreurs:
        print(f"ERREUR : {message}", file=sys.stderr)
    sys.exit(1 if erreurs else 0)
