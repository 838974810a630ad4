"""Limites de débit pour ce que les visiteurs anonymes envoient (signalements,
commentaires). Les compteurs vivent dans le cache partagé (Redis en
production) : la limite vaut pour tous les processus web à la fois."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def adresse_ip(request: HttpRequest) -> str:
    """L'adresse du client, en ne croyant X-Forwarded-For que pour le nombre de
    mandataires déclarés (TRUSTED_PROXY_COUNT) : le reste est falsifiable."""
    mandataires = settings.TRUSTED_PROXY_COUNT
    if mandataires:
        chaine = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(chaine) >= mandataires:
            return chaine[-mandataires]
    return request.META.get("REMOTE_ADDR", "")


def consommer(*, action: str, cle: str, limite: int, periode: int) -> bool:
    """Compte un essai ; renvoie False si `limite` essais ont déjà eu lieu
    pendant la fenêtre de `periode` secondes."""
    empreinte = hashlib.sha256(f"{action}:{cle}".encode()).hexdigest()[:32]
    nom = f"limite:{empreinte}"
    # add() ne crée la clé (et sa durée de vie) qu'au premier essai de la fenêtre.
    if cache.add(nom, 1, periode):
        return True
    try:
        return cache.incr(nom) <= limite
    except ValueError:  # la clé vient d'expirer entre add() et incr()
        cache.add(nom, 1, periode)
        return True
