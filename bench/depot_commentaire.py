"""Dépôt de commentaires sous charge (bench/charge.py --depot).

Le banc affiche une fois la fiche commentée comme le ferait un navigateur, en
garde le cookie CSRF, le jeton et l'horodatage signé du formulaire, attend que
l'horodatage ait plus de 3 s (en deçà, le formulaire refuse un envoi « trop
rapide »), puis wrk envoie des POST avec bench/depot_commentaire.lua : chaque
requête a sa propre adresse électronique, son propre texte et son propre
X-Forwarded-For. gunicorn tourne avec TRUSTED_PROXIES=127.0.0.1 (voir
bench/environnement.py), comme derrière le mandataire inverse de la production :
les limites de débit par IP (10 par heure) et par adresse (5 par heure) voient
donc chacune un visiteur neuf et laissent passer, et l'on mesure le dépôt, pas
la page 429.

La confirmation d'adresse reste active (COMMENTAIRES_CONFIRMATION_EMAIL, vrai par
défaut) : chaque dépôt anonyme écrit son commentaire et met en file ses suites ; le
worker Celery du banc écrit puis envoie le courriel de confirmation.

Les commentaires et courriels du dépôt portent des adresses en @depot.exemple.fr ;
ils sont effacés à la fin de la mesure (et au début, si un lancement interrompu
en a laissé).
"""

import html.parser
import http.cookies
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


@dataclass
class Formulaire:
    """Ce qu'un navigateur garde d'un affichage du formulaire de commentaire."""

    action: str  # /commentaires/deposer/<type_id>/<objet_id>/
    cookie: str  # « csrftoken=… », à renvoyer tel quel
    jeton: str  # csrfmiddlewaretoken
    horodatage: str  # champ caché signé
    affiche_le: float  # time.monotonic() à l'affichage
    marque: int  # distingue ce lancement (adresses, X-Forwarded-For)


class _LecteurFormulaire(html.parser.HTMLParser):
    """Relève l'action et les champs cachés du formulaire de dépôt."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.champs: dict[str, str] = {}
        self._dedans = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributs = dict(attrs)
        if tag == "form" and (attributs.get("action") or "").startswith("/commentaires/deposer/"):
            self.action, self._dedans = attributs["action"], True
        elif tag == "input" and self._dedans and attributs.get("type") == "hidden":
            self.champs[attributs.get("name") or ""] = attributs.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._dedans = False


def afficher_formulaire(url_page: str) -> Formulaire:
    """GET de la page commentée : cookie CSRF, jeton et horodatage du formulaire."""
    with urllib.request.urlopen(url_page, timeout=10) as reponse:  # noqa: S310 (boucle locale)
        page = reponse.read().decode()
        cookies = http.cookies.SimpleCookie()
        for entete in reponse.headers.get_all("Set-Cookie") or []:
            cookies.load(entete)
    lecteur = _LecteurFormulaire()
    lecteur.feed(page)
    manque = {"csrfmiddlewaretoken", "horodatage"} - lecteur.champs.keys()
    if lecteur.action is None or manque or "csrftoken" not in cookies:
        raise EchecMesure(
            f"{url_page} : formulaire de commentaire introuvable ou incomplet "
            f"(action {lecteur.action}, champs manquants {sorted(manque)}, "
            f"cookies {sorted(cookies)})"
        )
    return Formulaire(
        action=lecteur.action,
        cookie=f"csrftoken={cookies['csrftoken'].value}",
        jeton=lecteur.champs["csrfmiddlewaretoken"],
        horodatage=lecteur.champs["horodatage"],
        affiche_le=time.monotonic(),
        marque=random.randrange(1, 0x10000),
    )


def attendre_horodatage(formulaire: Formulaire) -> None:
    reste = formulaire.affiche_le + ATTENTE_HORODATAGE - time.monotonic()
    if reste > 0:
        time.sleep(reste)


def champs(formulaire: Formulaire, numero: str) -> dict[str, str]:
    """Un envoi unique (adresse, texte) hors de wrk : chauffe et comptage SQL."""
    return {
        "csrfmiddlewaretoken": formulaire.jeton,
        "horodatage": formulaire.horodatage,
        "parent": "",
        "site_web": "",
        "nom": f"Lecteur {numero}",
        "email": f"depot-{formulaire.marque}-{numero}@{DOMAINE}",
        "texte": f"Accueil attentif et ordinateurs récents. (message de charge {numero})",
    }


def ip(formulaire: Formulaire, numero: int) -> str:
    # Hors de l'espace des adresses du script Lua (dont le 3e groupe est un numéro de fil ≥ 1).
    return f"fd00:{formulaire.marque:x}:0:{numero:x}::1"


class _SansRedirection(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def chauffer(base: str, formulaire: Formulaire, fois: int = 5) -> None:
    """Quelques dépôts avant wrk ; s'arrête au premier qui ne répond pas 302,
    avec le début de la réponse (formulaire refusé, CSRF, 429…)."""
    ouvreur = urllib.request.build_opener(_SansRedirection)
    for n in range(1, fois + 1):
        requete = urllib.request.Request(  # noqa: S310 (boucle locale)
            base + formulaire.action,
            data=urllib.parse.urlencode(champs(formulaire, f"chauffe-{n}")).encode(),
            headers={"Cookie": formulaire.cookie, "X-Forwarded-For": ip(formulaire, n)},
        )
        try:
            with ouvreur.open(requete, timeout=10) as reponse:
                code, corps = reponse.status, reponse.read()
        except urllib.error.HTTPError as exc:
            code, corps = exc.code, exc.read()
        if code != 302:
            extrait = corps.decode(errors="replace")[:1500]
            raise EchecMesure(f"le dépôt de chauffe répond {code} au lieu de 302 :\n{extrait}")


def mesurer_dans_le_processus(
    formulaire: Formulaire, *, repetitions: int
) -> tuple[int, int, float]:
    """(code HTTP, requêtes SQL, durée médiane en ms) d'un dépôt anonyme servi par
    Django dans le processus du banc, sans concurrence : le coût propre du dépôt,
    file d'attente de gunicorn exclue."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.mesures import client_django

    client = client_django()

    def deposer(n: int):
        return client.post(
            formulaire.action,
            champs(formulaire, f"processus-{n}"),
            headers={"X-Forwarded-For": ip(formulaire, 0x8000 + n)},
        )

    deposer(0)  # chauffe
    with CaptureQueriesContext(connection) as requetes:
        reponse = deposer(1)
    requetes_sql = len(requetes)  # avant la requête suivante, qui vide le journal
    durees = []
    for n in range(2, repetitions + 2):
        debut = time.perf_counter()
        deposer(n)
        durees.append((time.perf_counter() - debut) * 1000)
    return reponse.status_code, requetes_sql, statistics.median(durees)


def variables_wrk(formulaire: Formulaire) -> dict[str, str]:
    """Les réglages que lit bench/depot_commentaire.lua."""
    return {
        "BANC_DEPOT_CHEMIN": formulaire.action,
        "BANC_DEPOT_COOKIE": formulaire.cookie,
        "BANC_DEPOT_JETON": formulaire.jeton,
        "BANC_DEPOT_HORODATAGE": formulaire.horodatage,
        "BANC_DEPOT_MARQUE": str(formulaire.marque),
    }


def _commentaires():
    from commentaires.models import Commentaire

    return Commentaire.objects.filter(email__endswith=f"@{DOMAINE}")


def _notifications():
    from brest_numerique.notifications.models import Notification

    return Notification.objects.filter(destinataire__endswith=f"@{DOMAINE}")


def bilan() -> dict[str, int]:
    """Ce que les dépôts ont laissé : commentaires par statut, courriels en file."""
    from django.db.models import Count

    from brest_numerique.notifications.models import Notification

    par_statut = dict(_commentaires().order_by().values_list("statut").annotate(Count("pk")))
    return {
        "commentaires": sum(par_statut.values()),
        **{f"commentaires {statut}": n for statut, n in sorted(par_statut.items())},
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


def nettoyer() -> int:
    """Efface les commentaires et courriels des dépôts ; renvoie le nombre de commentaires."""
    _notifications().delete()
    nombre, _ = _commentaires().delete()
    return nombre
