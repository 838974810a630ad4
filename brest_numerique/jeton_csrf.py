"""Le jeton CSRF d'un formulaire, comme `django.middleware.csrf.get_token`, en deux
tirages au lieu de soixante-quatre.

Django tire chacun des 32 caractères du secret, puis chacun des 32 du masque, par
un appel à `secrets.choice`, donc un appel système chacun : 65 µs par jeton, quand
une fiche servie depuis le cache des pages à un visiteur sans cookie en coûtait
350 en tout (bench/README.md, dixième relevé). Ici, le secret et le masque
viennent chacun d'un seul appel à `secrets.token_bytes`, et gardent la même loi :
chaque caractère uniforme parmi les 62 permis, indépendant des autres. Le jeton a la forme de
Django (masque puis secret chiffré), que son CsrfViewMiddleware vérifie sans
changement ; le cookie se pose par les mêmes marques de la requête que pose
`get_token`.
"""

import secrets

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_ALPHABET = CSRF_ALLOWED_CHARS.encode()
# 248 = 4 × 62 : chacun des 62 caractères reçoit exactement quatre des octets
# 0 à 247. Les huit derniers octets sont écartés ; les garder donnerait aux huit
# premiers caractères une chance sur 51 de plus que les autres.
_OCTETS_RETENUS = len(_ALPHABET) * (256 // len(_ALPHABET))
# Les octets écartés sont retirés avant la traduction : leur place dans la table
# (des espaces) ne sert jamais.
TABLE = bytes(_ALPHABET[octet % len(_ALPHABET)] for octet in range(_OCTETS_RETENUS)).ljust(256)
ECARTES = bytes(range(_OCTETS_RETENUS, 256))
# Un tirage de la longueur voulue plus cette marge suffit presque toujours : il
# faudrait plus de 8 octets écartés sur 40, quand on en attend 1,25.
_MARGE = 8
_RANG = {caractere: rang for rang, caractere in enumerate(CSRF_ALLOWED_CHARS)}


def chaine_aleatoire(longueur: int = CSRF_SECRET_LENGTH) -> str:
    """`longueur` caractères de CSRF_ALLOWED_CHARS, chacun uniforme et indépendant,
    comme `get_random_string(longueur, CSRF_ALLOWED_CHARS)`."""
    tires = b""
    while len(tires) < longueur:
        tires += secrets.token_bytes(longueur + _MARGE).translate(TABLE, ECARTES)
    return tires[:longueur].decode("ascii")


def masquer(secret: str) -> str:
    """Le jeton d'un secret : un masque neuf, puis le secret décalé rang par rang
    du masque (`_mask_cipher_secret` de Django, qui sait le démasquer)."""
    masque = chaine_aleatoire(len(secret))
    chiffre = "".join(
        CSRF_ALLOWED_CHARS[(_RANG[s] + _RANG[m]) % len(CSRF_ALLOWED_CHARS)]
        for s, m in zip(secret, masque, strict=True)
    )
    return masque + chiffre


def secret_csrf(request: HttpRequest) -> str:
    """Le secret CSRF du navigateur. Celui qui n'en a pas en reçoit un, que
    CsrfViewMiddleware posera en cookie avec la réponse."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = chaine_aleatoire()
        request.META["CSRF_COOKIE"] = secret
    # Comme get_token : le cookie repart avec la réponse même s'il est déjà là, ce
    # qui prolonge sa durée de vie.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return secret


def jeton_csrf(request: HttpRequest) -> str:
    """Ce que rend `get_token(request)`, au même effet."""
    return masquer(secret_csrf(request))
