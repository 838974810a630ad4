"""Qui est le client ? Les en-têtes X-Forwarded-* ne sont crus que s'ils
viennent d'un mandataire déclaré (TRUSTED_PROXIES, aucun par défaut).

Sans cette règle, n'importe quel client s'inventait une adresse (X-Forwarded-For)
pour contourner les limites de débit ou multiplier les signalements, et se
déclarait en HTTPS (X-Forwarded-Proto). Ce middleware, le premier de la chaîne,
est le seul endroit qui lit ces en-têtes : il remplace REMOTE_ADDR par l'adresse
du client quand un mandataire de confiance la transmet, et efface les en-têtes
sinon. Tout le reste (limites du portail, limites d'allauth, request.is_secure()
via SECURE_PROXY_SSL_HEADER) lit ensuite REMOTE_ADDR et des en-têtes sûrs.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

EN_TETES_DE_MANDATAIRE = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_REAL_IP")


def _adresse(texte: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(texte.strip())
    except ValueError:
        return None


def _de_confiance(adresse, mandataires: tuple) -> bool:
    return adresse is not None and any(adresse in reseau for reseau in mandataires)


def adresse_du_client(meta: dict, mandataires: tuple) -> str:
    """L'adresse du client : celle du socket, sauf si le socket est un mandataire de
    confiance ; on remonte alors X-Forwarded-For de droite à gauche jusqu'à la
    première adresse qui n'en est pas un. Tout ce qui est à gauche de celle-ci a
    été écrit par le client lui-même et ne compte pas."""
    socket = meta.get("REMOTE_ADDR", "")
    if not _de_confiance(_adresse(socket), mandataires):
        return socket
    client = socket
    for maillon in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        adresse = _adresse(maillon)
        if adresse is None:
            # Un maillon illisible : on s'arrête au dernier mandataire connu.
            break
        client = str(adresse)
        if not _de_confiance(adresse, mandataires):
            break
    return client


class MandatairesDeConfianceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        meta, mandataires = request.META, settings.TRUSTED_PROXIES
        if _de_confiance(_adresse(meta.get("REMOTE_ADDR", "")), mandataires):
            meta["REMOTE_ADDR"] = adresse_du_client(meta, mandataires)
        else:
            for en_tete in EN_TETES_DE_MANDATAIRE:
                meta.pop(en_tete, None)
        return self.get_response(request)
