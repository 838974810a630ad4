"""Ce que le banc mesure pour une adresse : débit et latences sous wrk, requêtes SQL."""

import re
import subprocess
from dataclasses import dataclass

# wrk écrit ses durées avec une unité variable : 850.00us, 3.41ms, 1.02s, 2.00m.
UNITES_EN_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
DUREE = r"([\d.]+)(us|ms|s|m)\b"


class EchecMesure(RuntimeError):
    """wrk n'a pas rendu de résultat exploitable."""


@dataclass
class Mesure:
    chemin: str
    requetes_par_s: float
    p50_ms: float
    p99_ms: float
    requetes: int
    hors_2xx_3xx: int = 0
    erreurs_socket: int = 0
    statut: int | None = None  # code HTTP vu par le client de test de Django
    requetes_sql: int | None = None


def en_ms(valeur: str, unite: str) -> float:
    return float(valeur) * UNITES_EN_MS[unite]


def analyser_wrk(chemin: str, sortie: str) -> Mesure:
    """Lit la sortie de `wrk --latency`."""
    debit = re.search(r"^Requests/sec:\s+([\d.]+)", sortie, re.MULTILINE)
    centiles = {
        int(c): en_ms(v, u)
        for c, v, u in re.findall(rf"^\s+(\d+)%\s+{DUREE}\s*$", sortie, re.MULTILINE)
    }
    total = re.search(r"^\s+(\d+) requests in", sortie, re.MULTILINE)
    if not (debit and total and 50 in centiles and 99 in centiles):
        raise EchecMesure(f"sortie de wrk illisible pour {chemin} :\n{sortie}")
    hors = re.search(r"Non-2xx or 3xx responses: (\d+)", sortie)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", sortie
    )
    return Mesure(
        chemin=chemin,
        requetes_par_s=float(debit.group(1)),
        p50_ms=centiles[50],
        p99_ms=centiles[99],
        requetes=int(total.group(1)),
        hors_2xx_3xx=int(hors.group(1)) if hors else 0,
        erreurs_socket=sum(int(n) for n in socket.groups()) if socket else 0,
    )


def lancer_wrk(base: str, chemin: str, *, duree: int, connexions: int, threads: int) -> Mesure:
    """Charge `base + chemin` pendant `duree` secondes et renvoie la mesure."""
    commande = [
        "wrk",
        "--latency",
        f"--threads={threads}",
        f"--connections={max(connexions, threads)}",
        f"--duration={duree}s",
        base + chemin,
    ]
    # wrk s'arrête seul après `duree` ; le délai ne sert qu'à ne jamais rester bloqué.
    resultat = subprocess.run(
        commande, capture_output=True, text=True, timeout=duree + 30, check=False
    )
    if resultat.returncode != 0:
        raise EchecMesure(f"wrk a échoué pour {chemin} :\n{resultat.stderr or resultat.stdout}")
    return analyser_wrk(chemin, resultat.stdout)


def compter_requetes_sql(chemins: list[str]) -> dict[str, tuple[int, int]]:
    """(code HTTP, requêtes SQL) de chaque chemin, dans le processus, Django initialisé.

    Une première requête chauffe les caches (gabarits, ContentType, sessions) : on
    compte ce que coûte une requête ordinaire, pas la toute première.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Une vue en erreur doit donner un 500 dans le tableau, pas arrêter le banc.
    client = Client(raise_request_exception=False)
    resultats = {}
    for chemin in chemins:
        client.get(chemin)
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get(chemin)
        resultats[chemin] = (reponse.status_code, len(requetes))
    return resultats
