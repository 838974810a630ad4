"""Les processus que lance le banc (gunicorn, worker Celery) et leur arrêt garanti."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.environnement import BIN, PYTHON, RACINE

JOURNAUX = RACINE / "bench" / "resultats" / "journaux"


class EchecDemarrage(RuntimeError):
    """Un service du banc n'a pas démarré ; le message cite la fin de son journal."""


@dataclass
class Service:
    nom: str
    processus: subprocess.Popen
    journal: Path

    def en_vie(self) -> bool:
        return self.processus.poll() is None

    def fin_du_journal(self, lignes: int = 20) -> str:
        texte = self.journal.read_text(encoding="utf-8", errors="replace")
        return "\n".join(texte.splitlines()[-lignes:])

    def arreter(self, delai: float = 10) -> None:
        """SIGTERM au groupe du service (maître et workers), puis SIGKILL s'il traîne."""
        if not self.en_vie():
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.processus.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.processus.wait(timeout=delai)
                return
            except subprocess.TimeoutExpired:
                continue


def port_libre() -> int:
    # Le noyau choisit un port libre ; la courte fenêtre avant que gunicorn ne le
    # reprenne suffit sur une machine de banc.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict[str, str], *arguments: str) -> None:
    """manage.py dans l'environnement du banc ; une erreur arrête tout le banc."""
    subprocess.run([PYTHON, "manage.py", *arguments], cwd=RACINE, env=env, check=True)


def _lancer(nom: str, commande: list[str], env: dict[str, str]) -> Service:
    JOURNAUX.mkdir(parents=True, exist_ok=True)
    journal = JOURNAUX / f"{nom}.log"
    with journal.open("wb") as sortie:
        processus = subprocess.Popen(
            commande,
            cwd=RACINE,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sortie,
            stderr=subprocess.STDOUT,
            # Groupe de processus à part : Ctrl-C n'atteint que le banc, qui arrête
            # ensuite chaque service proprement, workers de gunicorn compris.
            start_new_session=True,
        )
    return Service(nom, processus, journal)


def demarrer_gunicorn(
    env: dict[str, str],
    *,
    port: int,
    workers: int,
    recycler: bool = False,
    application: str = "brest_numerique.wsgi",
) -> Service:
    """gunicorn avec la configuration de production (gunicorn.conf.py) ; la ligne de
    commande ne change que l'adresse, le nombre de workers et, sauf `recycler`,
    le recyclage des workers. `application` : le portail, ou une application WSGI
    du banc (bench/transport.py)."""
    commande = [
        str(BIN / "gunicorn"),
        "--config",
        str(RACINE / "gunicorn.conf.py"),
        application,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]
    if not recycler:
        # max_requests = 2000 relance un worker toutes les ~2 s au débit du plancher :
        # le redémarrage (~0,5 s) ferait alors le p99 de toutes les adresses.
        commande += ["--max-requests", "0"]
    return _lancer("gunicorn", commande, env)


def demarrer_celery(env: dict[str, str]) -> Service:
    # Nom à part : deux nœuds homonymes sur un même courtier se répondent mal au ping.
    commande = [
        str(BIN / "celery"),
        "-A",
        "brest_numerique",
        "worker",
        "--pool",
        "solo",
        "--hostname",
        f"banc-{os.getpid()}@%h",
        "--loglevel",
        "WARNING",
        "--without-gossip",
        "--without-mingle",
    ]
    return _lancer("celery", commande, env)


def statut_http(
    url: str, *, delai: float = 5, en_tetes: dict[str, str] | None = None
) -> int | None:
    """Code HTTP de `url`, ou None si rien ne répond encore."""
    requete = urllib.request.Request(url, headers=en_tetes or {})  # noqa: S310 (boucle locale)
    try:
        with urllib.request.urlopen(requete, timeout=delai) as reponse:  # noqa: S310 (boucle locale)
            return reponse.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def attendre(url: str, services: list[Service], *, delai: float = 60) -> int | None:
    """Attend que `url` réponde 200 ; renvoie le dernier code obtenu à l'échéance.

    Lève EchecDemarrage si un service meurt pendant l'attente.
    """
    limite, statut = time.monotonic() + delai, None
    while time.monotonic() < limite:
        for service in services:
            if not service.en_vie():
                raise EchecDemarrage(
                    f"{service.nom} s'est arrêté (code {service.processus.returncode}) :\n"
                    + service.fin_du_journal()
                )
        statut = statut_http(url)
        if statut == 200:
            return statut
        time.sleep(0.25)
    return statut
