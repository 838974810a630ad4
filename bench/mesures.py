"""Ce que le banc mesure pour une adresse : débit et latences sous wrk, requêtes SQL."""

import os
import re
import statistics
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# wrk écrit ses durées avec une unité variable : 850.00us, 3.41ms, 1.02s, 2.00m.
UNITES_EN_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
# … et ses volumes en puissances de 1 024 : 1.23MB read.
UNITES_EN_OCTETS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}
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
    octets_par_reponse: float | None = None  # en-têtes compris, d'après wrk
    hors_2xx_3xx: int = 0
    erreurs_socket: int = 0
    statut: int | None = None  # code HTTP vu par le client de test de Django
    requetes_sql: int | None = None
    note: str = ""  # ce qui distingue la ligne : « webmestre », « sans cache », « POST »
    # Codes HTTP comptés par un script Lua qui en fait le bilan (dépôt de commentaires).
    statuts_wrk: dict[int, int] = field(default_factory=dict)


@dataclass
class DureeSansCache:
    """Une adresse servie par Django dans le processus du banc, sans aucun cache."""

    chemin: str
    note: str
    statut: int
    requetes_sql: int
    mediane_ms: float
    max_ms: float
    repetitions: int


def en_ms(valeur: str, unite: str) -> float:
    return float(valeur) * UNITES_EN_MS[unite]


def analyser_wrk(chemin: str, sortie: str) -> Mesure:
    """Lit la sortie de `wrk --latency`."""
    debit = re.search(r"^Requests/sec:\s+([\d.]+)", sortie, re.MULTILINE)
    centiles = {
        int(c): en_ms(v, u)
        for c, v, u in re.findall(rf"^\s+(\d+)%\s+{DUREE}\s*$", sortie, re.MULTILINE)
    }
    total = re.search(r"^\s+(\d+) requests in .*?([\d.]+)([KMGT]?B) read", sortie, re.MULTILINE)
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
        octets_par_reponse=float(total.group(2))
        * UNITES_EN_OCTETS[total.group(3)]
        / int(total.group(1))
        if int(total.group(1))
        else None,
        hors_2xx_3xx=int(hors.group(1)) if hors else 0,
        erreurs_socket=sum(int(n) for n in socket.groups()) if socket else 0,
        statuts_wrk={
            int(code): int(n) for code, n in re.findall(r"^Statut (\d+) : (\d+)$", sortie, re.M)
        },
    )


def lancer_wrk(
    base: str,
    chemin: str,
    *,
    duree: int,
    connexions: int,
    threads: int,
    en_tetes: dict[str, str] | None = None,
    script: Path | None = None,
    variables: dict[str, str] | None = None,
) -> Mesure:
    """Charge `base + chemin` pendant `duree` secondes et renvoie la mesure.

    `en_tetes` s'ajoutent à chaque requête (cookie de session) ; `script` est un
    script Lua de wrk, qui lit ses réglages dans `variables` (son environnement).
    """
    commande = [
        "wrk",
        "--latency",
        f"--threads={threads}",
        f"--connections={max(connexions, threads)}",
        f"--duration={duree}s",
    ]
    # Comme un navigateur : le GeoJSON et le CSV partent alors compressés.
    en_tetes = {"Accept-Encoding": "gzip, deflate, br", **(en_tetes or {})}
    for nom, valeur in en_tetes.items():
        commande += ["--header", f"{nom}: {valeur}"]
    if script is not None:
        commande += ["--script", str(script)]
    commande.append(base + chemin)
    # wrk s'arrête seul après `duree` ; le délai ne sert qu'à ne jamais rester bloqué.
    resultat = subprocess.run(
        commande,
        capture_output=True,
        text=True,
        timeout=duree + 30,
        check=False,
        env={**os.environ, **(variables or {})},
    )
    if resultat.returncode != 0:
        raise EchecMesure(f"wrk a échoué pour {chemin} :\n{resultat.stderr or resultat.stdout}")
    return analyser_wrk(chemin, resultat.stdout)


def client_django(**options):
    from django.test import Client

    # Une vue en erreur doit donner un 500 dans le tableau, pas arrêter le banc.
    return Client(raise_request_exception=False, **options)


def compter(
    client, chemin: str, *, chauffe: str | None = None, en_tetes: dict[str, str] | None = None
) -> tuple[int, int]:
    """(code HTTP, requêtes SQL) d'un GET sur `chemin`.

    Une première requête sur `chauffe` (par défaut le même chemin) chauffe les
    caches (gabarits, ContentType, sessions) : on compte ce que coûte une requête
    ordinaire, pas la toute première.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(chauffe or chemin, headers=en_tetes)
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(chemin, headers=en_tetes)
    return reponse.status_code, len(requetes)


def compter_requetes_sql(chemins: list[str], client=None) -> dict[str, tuple[int, int]]:
    """(code HTTP, requêtes SQL) de chaque chemin, dans le processus, Django initialisé ;
    avec `client` (un client de test connecté), comme le verrait cet utilisateur."""
    client = client or client_django()
    return {chemin: compter(client, chemin) for chemin in chemins}


def oublier_les_pages_en_cache() -> None:
    """Efface les pages gardées pour les anonymes (clés `page:…` de
    brest_numerique/cache_anonyme.py), et elles seules : versions, limites de débit et
    file de Celery restent.

    Appelé avant la chauffe de chaque adresse, qui rend alors la page et la garde 60 s,
    plus que la fenêtre de mesure. Sans cela, les pages mises en cache par le comptage
    des requêtes SQL, avant toute mesure, expirent ensemble une minute plus tard, dans
    la fenêtre de l'adresse qui passe à ce moment-là : elle seule paie un rendu sous
    charge (et autant de rendus que de requêtes qui manquent le cache pendant ce
    temps), et son p99 dépend de sa place dans la liste."""
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)  # le client redis-py du cache de Django
    cles = list(client.scan_iter(match=cache.make_key("page:*"), count=1000))
    if cles:
        client.delete(*cles)


def avec_parametre(chemin: str, valeur: str) -> str:
    """Le chemin avec un paramètre `_` que les filtres ignorent : une autre adresse."""
    return f"{chemin}{'&' if '?' in chemin else '?'}_={valeur}"


@contextmanager
def cache_factice():
    """Le cache de Django remplacé par un cache factice (DummyCache), le temps d'un
    bloc `with` : rien n'y est jamais retrouvé, chaque requête paie le rendu complet.
    La mémoire locale devant Redis (cache_anonyme.MEMOIRE) ne garde rien non plus :
    sans cela, une version lue une fois y resterait, et le corps du GeoJSON gardé
    sous cette version dans le processus servirait chaque requête."""
    from django.test import override_settings

    from brest_numerique.cache_anonyme import MEMOIRE

    duree, MEMOIRE.duree = MEMOIRE.duree, 0
    MEMOIRE.vider()
    try:
        with override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
        ):
            yield
    finally:
        MEMOIRE.duree = duree


def _durees(client, chemins, *, repetitions: int, note: str, adresse) -> list[DureeSansCache]:
    """Médiane et maximum du service de chaque chemin dans le processus ;
    `adresse(chemin, i)` donne l'adresse demandée à la i-ième requête."""
    resultats = []
    for chemin in chemins:
        statut, requetes_sql = compter(client, adresse(chemin, 0))
        durees = []
        for i in range(1, repetitions + 1):
            debut = time.perf_counter()
            client.get(adresse(chemin, i))
            durees.append((time.perf_counter() - debut) * 1000)
        resultats.append(
            DureeSansCache(
                chemin=chemin,
                note=note,
                statut=statut,
                requetes_sql=requetes_sql,
                mediane_ms=statistics.median(durees),
                max_ms=max(durees),
                repetitions=repetitions,
            )
        )
    return resultats


def durees_sans_cache(
    chemins: list[str], *, repetitions: int, client=None, note: str = ""
) -> list[DureeSansCache]:
    """Durée de service de chaque chemin dans le processus, sous cache_factice().
    Sert pour ce qu'aucune adresse ne peut contourner (le GeoJSON retire les
    paramètres inconnus de sa clé de cache), et donne le coût brut de chaque page."""
    with cache_factice():
        return _durees(
            client or client_django(),
            chemins,
            repetitions=repetitions,
            note=note,
            adresse=lambda chemin, i: chemin,
        )


def durees_sans_cache_de_page(
    chemins: list[str], *, repetitions: int, client=None, note: str = ""
) -> list[DureeSansCache]:
    """Durée de service de chaque chemin dans le processus, chaque requête sur une
    adresse neuve (`_=…`) que le cache des pages n'a jamais vue, les autres caches
    en place (Redis du banc) : facettes, communes et versions déjà calculées, comme
    en service établi. C'est le coût d'une page que le cache des pages ne sert pas ;
    `durees_sans_cache` y ajoute le recalcul de tout ce que Redis garde."""
    jeton = time.monotonic_ns()
    return _durees(
        client or client_django(),
        chemins,
        repetitions=repetitions,
        note=note,
        adresse=lambda chemin, i: avec_parametre(chemin, f"{jeton}-{i}"),
    )
