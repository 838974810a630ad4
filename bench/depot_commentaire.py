"""Dépôt de commentaires sous charge, comparé au plancher d'écriture (bench/charge.py --depot).

Un vrai dépôt ne passe qu'une fois par navigateur et par formulaire affiché :
l'horodatage signé du formulaire est lié au navigateur (son secret CSRF) et à
usage unique, et chaque navigateur est limité à 10 envois par heure. Le banc
prépare donc d'avance, dans son processus (même SECRET_KEY que gunicorn), un
« navigateur » par requête : un secret CSRF neuf (le cookie `csrftoken` et le
jeton du formulaire) et un horodatage signé pour lui. Il attend que ces
horodatages aient plus de 3 s (en deçà, le formulaire refuse un envoi « trop
rapide »), puis wrk (bench/depot_commentaire.lua) envoie chaque POST avec le sien,
sa propre adresse électronique, son propre texte et son propre X-Forwarded-For.
gunicorn tourne avec TRUSTED_PROXIES=127.0.0.1 (bench/environnement.py), comme
derrière le mandataire inverse de la production : les limites de débit par IP, par
navigateur et par adresse voient chacune un visiteur neuf et laissent passer. On
mesure le dépôt, pas la page 429 ni le refus 400.

Sous la même charge, juste avant, le même script envoie les mêmes corps au
plancher d'écriture (commentaires/plancher.py) : une ligne écrite et une tâche
mise en file, rien d'autre. Le rapport des deux p99 dit ce que coûte le dépôt
au-delà de toute écriture.

La confirmation d'adresse reste active (COMMENTAIRES_CONFIRMATION_EMAIL, vrai par
défaut) : chaque dépôt anonyme écrit son commentaire et met en file ses suites ; le
worker Celery du banc écrit puis envoie le courriel de confirmation.

Les commentaires et courriels du dépôt portent des adresses en @depot.exemple.fr,
ceux du plancher en @plancher.exemple.fr ; ils sont effacés à la fin de la mesure
(et au début, si un lancement interrompu en a laissé).
"""

import html.parser
import random
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.mesures import EchecMesure

SCRIPT = Path(__file__).with_name("depot_commentaire.lua")
DOMAINE = "depot.exemple.fr"
# Au-delà de DELAI_MIN (commentaires/forms.py) avec de la marge, pour que
# l'horodatage soit accepté dès la première requête.
ATTENTE_HORODATAGE = 3.5
# Navigateurs préparés par seconde de charge : plus que le débit du dépôt sur
# cette machine (une centaine par seconde), pour que wrk n'en réutilise aucun.
NAVIGATEURS_PAR_SECONDE = 500
# Hors de wrk : dépôts de chauffe, puis mesure dans le processus.
CHAUFFE = 5


@dataclass(frozen=True)
class Navigateur:
    """Ce qu'un navigateur garde d'un affichage du formulaire : son secret CSRF
    (cookie `csrftoken`, renvoyé aussi comme jeton du formulaire) et l'horodatage
    signé pour lui."""

    secret: str
    horodatage: str


@dataclass
class Depot:
    action: str  # /commentaires/deposer/<type_id>/<objet_id>/
    plancher: str  # /plancher/ecriture/<type_id>/<objet_id>/
    navigateurs: list[Navigateur]
    fichier: Path  # les navigateurs réservés à wrk, un par ligne
    prepare_le: float  # time.monotonic() après la signature des horodatages
    marque: int  # distingue ce lancement (adresses, X-Forwarded-For)


class _LecteurFormulaire(html.parser.HTMLParser):
    """Relève l'action du formulaire de dépôt."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        action = dict(attrs).get("action") or ""
        if tag == "form" and action.startswith("/commentaires/deposer/"):
            self.action = action


def preparer(url_page: str, *, nombre: int, dossier: Path, repetitions: int) -> Depot:
    """Lit l'action du formulaire sur la page commentée (servie par gunicorn, comme
    à un navigateur), puis prépare `nombre` navigateurs pour wrk, plus ceux de la
    chauffe et de la mesure dans le processus."""
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.urls import resolve
    from django.utils.crypto import get_random_string

    from brest_numerique.limites import empreinte_navigateur
    from commentaires.forms import horodatage

    with urllib.request.urlopen(url_page, timeout=10) as reponse:  # noqa: S310 (boucle locale)
        lecteur = _LecteurFormulaire()
        lecteur.feed(reponse.read().decode())
    if lecteur.action is None:
        raise EchecMesure(f"{url_page} : formulaire de commentaire introuvable")
    cible = resolve(lecteur.action).kwargs
    plancher = f"/plancher/ecriture/{cible['type_id']}/{cible['objet_id']}/"

    def navigateur() -> Navigateur:
        secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
        return Navigateur(secret, horodatage(navigateur=empreinte_navigateur(secret)))

    navigateurs = [navigateur() for _ in range(CHAUFFE + repetitions + 2 + nombre)]
    fichier = dossier / "depot-navigateurs.txt"
    dossier.mkdir(parents=True, exist_ok=True)
    fichier.write_text(
        "".join(f"{n.secret}\t{n.horodatage}\n" for n in navigateurs[CHAUFFE + repetitions + 2 :])
    )
    return Depot(
        action=lecteur.action,
        plancher=plancher,
        navigateurs=navigateurs,
        fichier=fichier,
        prepare_le=time.monotonic(),
        marque=random.randrange(1, 0x10000),
    )


def attendre_horodatage(depot: Depot) -> None:
    reste = depot.prepare_le + ATTENTE_HORODATAGE - time.monotonic()
    if reste > 0:
        time.sleep(reste)


def champs(depot: Depot, navigateur: Navigateur, numero: str) -> dict[str, str]:
    """Un envoi unique (adresse, texte) hors de wrk : chauffe et mesure dans le processus."""
    return {
        "csrfmiddlewaretoken": navigateur.secret,
        "horodatage": navigateur.horodatage,
        "parent": "",
        "site_web": "",
        "nom": f"Lecteur {numero}",
        "email": f"depot-{depot.marque}-{numero}@{DOMAINE}",
        "texte": f"Accueil attentif et ordinateurs récents. (message de charge {numero})",
    }


def ip(depot: Depot, numero: int) -> str:
    # Hors de l'espace des adresses du script Lua (dont le 3e groupe est un numéro de fil ≥ 1).
    return f"fd00:{depot.marque:x}:0:{numero:x}::1"


class _SansRedirection(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def chauffer(base: str, depot: Depot) -> None:
    """Quelques dépôts et écritures du plancher avant wrk ; s'arrête au premier dépôt
    qui ne répond pas 302 (ou plancher qui ne répond pas 204), avec le début de la
    réponse (formulaire refusé, CSRF, 429…)."""
    ouvreur = urllib.request.build_opener(_SansRedirection)
    for n, navigateur in enumerate(depot.navigateurs[:CHAUFFE], start=1):
        for chemin, attendu in ((depot.plancher, 204), (depot.action, 302)):
            requete = urllib.request.Request(  # noqa: S310 (boucle locale)
                base + chemin,
                data=urllib.parse.urlencode(champs(depot, navigateur, f"chauffe-{n}")).encode(),
                headers={
                    "Cookie": f"csrftoken={navigateur.secret}",
                    "X-Forwarded-For": ip(depot, n),
                },
            )
            try:
                with ouvreur.open(requete, timeout=10) as reponse:
                    code, corps = reponse.status, reponse.read()
            except urllib.error.HTTPError as exc:
                code, corps = exc.code, exc.read()
            if code != attendu:
                extrait = corps.decode(errors="replace")[:1500]
                raise EchecMesure(
                    f"{chemin} répond {code} au lieu de {attendu} à la chauffe :\n{extrait}"
                )


def mesurer_dans_le_processus(depot: Depot, *, repetitions: int) -> dict[str, tuple]:
    """Pour le dépôt et le plancher d'écriture : (code HTTP, requêtes SQL, durée
    médiane en ms) d'un envoi servi par Django dans le processus du banc, sans
    concurrence (file d'attente de gunicorn exclue), chaque dépôt avec son navigateur."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.mesures import client_django

    client = client_django()
    navigateurs = depot.navigateurs[CHAUFFE : CHAUFFE + repetitions + 2]

    def envoyer(chemin: str, numero: str, n: int):
        client.cookies["csrftoken"] = navigateurs[n].secret
        return client.post(
            chemin,
            champs(depot, navigateurs[n], f"processus-{numero}-{n}"),
            headers={"X-Forwarded-For": ip(depot, 0x8000 + n)},
        )

    resultats = {}
    for nom, chemin in (("plancher", depot.plancher), ("depot", depot.action)):
        envoyer(chemin, nom, 0)  # chauffe
        with CaptureQueriesContext(connection) as requetes:
            reponse = envoyer(chemin, nom, 1)
        requetes_sql = len(requetes)  # avant la requête suivante, qui vide le journal
        durees = []
        for n in range(2, repetitions + 2):
            debut = time.perf_counter()
            envoyer(chemin, nom, n)
            durees.append((time.perf_counter() - debut) * 1000)
        resultats[nom] = (reponse.status_code, requetes_sql, statistics.median(durees))
    return resultats


def variables_wrk(depot: Depot, *, chemin: str, fils: int) -> dict[str, str]:
    """Les réglages que lit bench/depot_commentaire.lua."""
    return {
        "BANC_DEPOT_CHEMIN": chemin,
        "BANC_DEPOT_NAVIGATEURS": str(depot.fichier),
        "BANC_DEPOT_FILS": str(fils),
        "BANC_DEPOT_MARQUE": str(depot.marque),
    }


def _commentaires(domaine: str = DOMAINE):
    from commentaires.models import Commentaire

    return Commentaire.objects.filter(email__endswith=f"@{domaine}")


def _notifications():
    from brest_numerique.notifications.models import Notification

    return Notification.objects.filter(destinataire__endswith=f"@{DOMAINE}")


def bilan() -> dict[str, int]:
    """Ce que les dépôts ont laissé : commentaires par statut, courriels en file."""
    from django.db.models import Count

    from brest_numerique.notifications.models import Notification
    from commentaires.plancher import DOMAINE as DOMAINE_DU_PLANCHER

    par_statut = dict(_commentaires().order_by().values_list("statut").annotate(Count("pk")))
    return {
        "commentaires": sum(par_statut.values()),
        **{f"commentaires {statut}": n for statut, n in sorted(par_statut.items())},
        "lignes du plancher d'écriture": _commentaires(DOMAINE_DU_PLANCHER).count(),
        "suites encore à faire": _commentaires().filter(suites_en_attente=True).count(),
        "courriels": _notifications().count(),
        "courriels en attente": _notifications()
        .filter(statut=Notification.Statut.EN_ATTENTE)
        .count(),
    }


def attendre_envois(*, delai: float) -> tuple[float, int]:
    """Attend que le worker Celery ait fait les suites des dépôts et envoyé les
    courriels de confirmation, pour qu'aucune tâche ne reste dans la file du banc
    une fois le worker arrêté. Renvoie (secondes écoulées, travaux encore en attente)."""
    from brest_numerique.notifications.models import Notification

    debut = time.monotonic()
    suites = _commentaires().filter(suites_en_attente=True)
    courriels = _notifications().filter(statut=Notification.Statut.EN_ATTENTE)
    while (reste := suites.count() + courriels.count()) and time.monotonic() - debut < delai:
        time.sleep(1)
    return time.monotonic() - debut, reste


def attendre_la_file_celery(*, delai: float) -> None:
    """Attend que le worker ait pris toutes les tâches en file (celles du plancher
    d'écriture n'ont pas de trace en base) ; la dernière prise finit en un instant."""
    import redis
    from django.conf import settings

    courtier = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    limite = time.monotonic() + delai
    while courtier.llen("celery") and time.monotonic() < limite:
        time.sleep(0.5)


def nettoyer() -> int:
    """Efface les commentaires et courriels des dépôts et les lignes du plancher
    d'écriture ; renvoie le nombre de commentaires des dépôts."""
    from commentaires.plancher import DOMAINE as DOMAINE_DU_PLANCHER

    _notifications().delete()
    _commentaires(DOMAINE_DU_PLANCHER).delete()
    nombre, _ = _commentaires().delete()
    return nombre
