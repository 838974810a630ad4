"""Cache des pages publiques pour les visiteurs anonymes.

Une page gardée en cache ne peut pas contenir ce qui est propre à un visiteur ou
à un instant : le jeton CSRF de ses formulaires, l'horodatage signé du formulaire
de commentaire. Pendant un rendu destiné au cache, ces valeurs sont remplacées
par des « trous » (des marqueurs fixes), que chaque réponse remplit à nouveau.

Devant Redis, la mémoire de chaque processus garde une seconde les pages et les
versions qu'il vient d'y lire (`MemoireLocale`) : une page demandée sans cesse ne
coûte plus un aller-retour Redis par réponse (sur deux cœurs chargés, cet
aller-retour attend que Redis soit ordonnancé, et faisait d'une page gardée la
plus lente des réponses ; bench/README.md). Un changement fait dans ce processus
vide sa mémoire tout de suite ; les autres processus le voient au plus une seconde
après, comme le visiteur qui recharge une page pendant la publication.
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache, wraps

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from brest_numerique.cache_redis import vider_aussi
from brest_numerique.jeton_csrf import jeton_csrf

TROU_CSRF = "trou-jeton-csrf-7f3a9c"

# Marqueur → valeur fraîche pour cette requête. Les applications ajoutent les leurs.
TROUS: dict[str, Callable[[HttpRequest], str]] = {TROU_CSRF: jeton_csrf}


class MemoireLocale:
    """Ce que ce processus a lu dans Redis (ou calculé, papi.filtres.LECTURES) il y a
    moins de `duree` secondes, au plus `taille` entrées (les plus anciennes sortent
    d'abord)."""

    def __init__(self, *, duree: float = 1.0, taille: int = 512):
        self.duree = duree
        self.taille = taille
        self._entrees: OrderedDict[str, tuple[float, object]] = OrderedDict()
        # Le serveur de démonstration sert en plusieurs fils : les écritures se
        # suivent une à une (une lecture, `get`, est déjà atomique).
        self._verrou = threading.Lock()
        # Vider le cache de Django (tests, maintenance) vide aussi cette mémoire.
        vider_aussi(self.vider)

    def lire(self, cle: str):
        """La valeur gardée, ou None si elle manque ou a plus de `duree` secondes."""
        entree = self._entrees.get(cle)
        if entree is None or time.monotonic() - entree[0] >= self.duree:
            return None
        return entree[1]

    def garder(self, cle: str, valeur) -> None:
        with self._verrou:
            self._entrees[cle] = (time.monotonic(), valeur)
            self._entrees.move_to_end(cle)
            while len(self._entrees) > self.taille:
                self._entrees.popitem(last=False)

    def vider(self) -> None:
        with self._verrou:
            self._entrees.clear()


MEMOIRE = MemoireLocale()


class Version:
    """Un numéro, partagé par tous les processus (cache Redis), qui change quand
    des données publiques changent : il entre dans les clés de cache et les ETag,
    si bien qu'un changement périme tout sans rien effacer."""

    def __init__(self, cle: str):
        self.cle = cle

    def __call__(self) -> int:
        valeur = MEMOIRE.lire(self.cle)
        if valeur is None:
            # Une valeur de départ tirée de l'horloge : si le cache est vidé, la
            # version repart ailleurs qu'à une valeur déjà servie, et rien de périmé
            # ne revient.
            valeur = cache.get_or_set(self.cle, time.time_ns() // 1000, None)
            MEMOIRE.garder(self.cle, valeur)
        return valeur

    def changer(self) -> None:
        """À appeler dans la transaction qui modifie : effet après validation."""
        transaction.on_commit(self.incrementer)

    def incrementer(self) -> None:
        """Tout de suite, sans attendre la validation (voir comptes/droits.py)."""
        try:
            cache.incr(self.cle)
        except ValueError:  # clé absente (cache vidé) : une valeur neuve suffit
            cache.set(self.cle, time.time_ns() // 1000, None)
        # Ce processus ne doit plus servir ce qu'il a gardé de l'ancienne version.
        # Vidée après l'écriture et non avant : un autre fil qui relirait entre les
        # deux garderait l'ancienne version pour une seconde.
        MEMOIRE.vider()


def rendu_pour_le_cache(request: HttpRequest) -> bool:
    """Ce rendu sera-t-il gardé en cache (et doit-il donc laisser des trous) ?"""
    return getattr(request, "_rendu_pour_le_cache", False)


@lru_cache(maxsize=4)
def _motif_des_trous(marqueurs: tuple[str, ...]) -> re.Pattern[bytes]:
    return re.compile(b"|".join(re.escape(marqueur.encode()) for marqueur in marqueurs))


def _remplir(contenu: bytes, request: HttpRequest) -> bytes:
    """La page, chaque trou rempli de sa valeur pour cette requête. Un trou revient
    souvent (une fiche porte le jeton CSRF dans une dizaine de formulaires) : sa
    valeur se calcule une fois, et la page se parcourt une seule fois, au lieu
    d'une copie par trou (28 µs contre 12 sur une fiche)."""
    valeurs: dict[bytes, bytes] = {}

    def valeur(trouve: re.Match[bytes]) -> bytes:
        marqueur = trouve.group()
        if marqueur not in valeurs:
            valeurs[marqueur] = TROUS[marqueur.decode()](request).encode()
        return valeurs[marqueur]

    return _motif_des_trous(tuple(TROUS)).sub(valeur, contenu)


def _cachable(request: HttpRequest) -> bool:
    if request.user.is_authenticated or request.method not in ("GET", "HEAD"):
        return False
    # Un message en attente (« merci, votre commentaire… ») est propre au visiteur.
    return "messages" not in request.COOKIES


def sans_parametre(request: HttpRequest) -> str | None:
    """La clé par défaut : seule l'adresse nue est gardée en cache."""
    return "" if not request.GET else None


def trous_du_gabarit(request: HttpRequest) -> dict:
    """Processeur de contexte, à la place du processeur CSRF de Django : pendant un
    rendu destiné au cache, `{% csrf_token %}` écrit le trou que chaque réponse
    remplira ; sinon, le jeton se tire au premier usage, comme chez Django, mais
    par jeton_csrf. Aucune vue n'a à s'en occuper."""
    if rendu_pour_le_cache(request):
        return {"csrf_token": TROU_CSRF}
    return {"csrf_token": SimpleLazyObject(lambda: jeton_csrf(request))}


def _lire(nom: str, versions: tuple[Callable[[], str | int], ...]) -> tuple[str, bytes | None]:
    """(état des versions, page gardée pour cet état ou None).

    La page est gardée sous son adresse seule, avec l'état des versions qui l'ont
    produite : versions et page se lisent alors d'une seule lecture (un aller-retour
    Redis, au lieu d'un par version puis un pour la page), et une page dont une
    version a changé ne sert plus. Une version qui n'est pas une `Version` (une
    fonction) se lit à part. Une page trouvée reste une seconde dans la mémoire du
    processus (MEMOIRE), avec l'état sous lequel elle a été trouvée."""
    recente = MEMOIRE.lire(nom)
    if recente is not None:
        return recente
    cles = [version.cle for version in versions if isinstance(version, Version)]
    lus = cache.get_many([*cles, nom])
    etat = "-".join(
        str(lus[version.cle])
        if isinstance(version, Version) and version.cle in lus
        # Absente (Redis vidé), la version est posée comme d'habitude.
        else str(version())
        for version in versions
    )
    garde = lus.get(nom)
    if not (isinstance(garde, tuple) and garde[0] == etat):
        return etat, None
    MEMOIRE.garder(nom, (etat, garde[1]))
    return etat, garde[1]


def cache_anonyme(
    *,
    prefixe: str,
    duree: int,
    versions: tuple[Callable[[], str | int], ...],
    cle: Callable[[HttpRequest], str | None] = sans_parametre,
):
    """Garde `duree` secondes la page rendue pour un visiteur anonyme.

    `cle(request)` rend la forme canonique des paramètres que la page lit (filtres
    validés, dans un ordre fixe), ou None pour ne pas garder la page : un paramètre
    inconnu ou une valeur invalide ne crée jamais de copie de plus. `versions` : les
    versions des contenus que la page montre (ses lieux, ses commentaires…) ; elles
    entrent toutes dans la clé, et changer l'une périme la page. Les visiteurs
    connectés ne passent jamais par ici."""

    def decorer(vue):
        @wraps(vue)
        def envelopper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            parametres = cle(request) if _cachable(request) else None
            if parametres is None:
                return vue(request, *args, **kwargs)
            adresse = hashlib.sha256(f"{request.path}?{parametres}".encode()).hexdigest()
            nom = f"page:{prefixe}:{adresse}"
            etat, contenu = _lire(nom, versions)
            if contenu is None:
                request._rendu_pour_le_cache = True
                reponse = vue(request, *args, **kwargs)
                if reponse.status_code != 200 or reponse.cookies:
                    return reponse
                # Une TemplateResponse (Wagtail) se rend au dernier moment : ici.
                if hasattr(reponse, "render"):
                    reponse.render()
                contenu = reponse.content
                cache.set(nom, (etat, contenu), duree)
            return HttpResponse(_remplir(contenu, request))

        return envelopper

    return decorer
