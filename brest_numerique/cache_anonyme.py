"""Cache des pages publiques pour les visiteurs anonymes."""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse


def cache_anonyme(*, prefixe: str, duree: int, version: Callable[[], int]):
    """Garde `duree` secondes la page rendue pour un visiteur anonyme, par adresse
    complète. `version()` entre dans la clé : la changer périme toutes les pages.
    Les visiteurs connectés (menu personnel, jetons CSRF) ne sont jamais servis
    depuis ce cache."""

    def decorer(vue):
        @wraps(vue)
        def envelopper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.is_authenticated or request.method != "GET":
                return vue(request, *args, **kwargs)
            adresse = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            cle = f"page:{prefixe}:{version()}:{adresse}"
            contenu = cache.get(cle)
            if contenu is not None:
                return HttpResponse(contenu)
            reponse = vue(request, *args, **kwargs)
            # Une page qui affiche un message ou pose un cookie est propre au visiteur.
            if reponse.status_code == 200 and not reponse.cookies:
                cache.set(cle, reponse.content, duree)
            return reponse

        return envelopper

    return decorer
