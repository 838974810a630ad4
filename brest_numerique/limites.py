"""Limites de débit pour ce que les visiteurs envoient (commentaires,
signalements). Les compteurs vivent dans le cache partagé (Redis en
production) : une limite vaut pour tous les processus web à la fois.

Deux règles, pour ne pas punir les bons usagers :
- un point d'accès public fait passer toute une salle par une seule adresse :
  la limite par adresse est taillée pour une salle, et se combine à des limites
  par adresse électronique, par compte et par navigateur, plus serrées ;
- seul un envoi réussi compte : on vérifie avant (`atteinte`), on compte après
  (`compter`). Un formulaire refusé pour une faute de saisie ne rapproche de rien.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest


def adresse_ip(request: HttpRequest) -> str:
    """L'adresse du client. Le middleware des mandataires (mandataires.py) y a
    déjà mis celle que transmet un mandataire de confiance, et seulement celle-là."""
    return request.META.get("REMOTE_ADDR", "")


def empreinte_navigateur(secret_csrf: str) -> str:
    return (
        hashlib.sha256(f"navigateur:{secret_csrf}".encode()).hexdigest()[:24] if secret_csrf else ""
    )


def navigateur(request: HttpRequest) -> str:
    """Un identifiant stable du navigateur, sans rien stocker : le secret de son
    cookie CSRF (qu'un POST accepté présente forcément), haché."""
    return empreinte_navigateur(request.META.get("CSRF_COOKIE", ""))


@dataclass(frozen=True)
class Limite:
    action: str
    limite: int
    periode: int  # secondes

    def _nom(self, cle: str) -> str:
        empreinte = hashlib.sha256(f"{self.action}:{cle}".encode()).hexdigest()[:32]
        return f"limite:{empreinte}"

    def atteinte(self, cle: str) -> bool:
        return bool(cle) and (cache.get(self._nom(cle)) or 0) >= self.limite

    def compter(self, cle: str) -> None:
        if not cle:
            return
        nom = self._nom(cle)
        # add() ne crée la clé (et sa durée de vie) qu'au premier envoi de la fenêtre.
        if not cache.add(nom, 1, self.periode):
            try:
                cache.incr(nom)
            except ValueError:  # la clé vient d'expirer entre add() et incr()
                cache.add(nom, 1, self.periode)


Compteurs = list[tuple[Limite, str]]


def atteinte(compteurs: Compteurs) -> bool:
    """Une des limites est-elle déjà atteinte ? Ne compte rien. Tous les compteurs
    se lisent d'une seule lecture du cache (un aller-retour Redis, pas un par limite)."""
    seuils = {limite._nom(cle): limite.limite for limite, cle in compteurs if cle}
    lus = cache.get_many(list(seuils))
    return any((lus.get(nom) or 0) >= seuil for nom, seuil in seuils.items())


# Chaque clé : +1, et sa durée de vie posée au premier envoi de la fenêtre. En un
# script, exécuté d'un bloc par Redis : une clé ne peut pas expirer entre les deux.
_COMPTER_EN_REDIS = """
for i, cle in ipairs(KEYS) do
  if redis.call('INCR', cle) == 1 then redis.call('EXPIRE', cle, ARGV[i]) end
end
"""


def compter(compteurs: Compteurs) -> None:
    """Compte un envoi réussi dans chacune des limites : sur Redis, en un seul
    aller-retour (le dépôt d'un commentaire en comptait un par limite)."""
    compteurs = [(limite, cle) for limite, cle in compteurs if cle]
    backend = caches[DEFAULT_CACHE_ALIAS]
    # Un seul serveur Redis (CACHE_URL) : toutes les clés y vivent. Ailleurs (mode
    # embarqué, plusieurs serveurs), une limite après l'autre.
    if not compteurs or not isinstance(backend, RedisCache) or len(backend._servers) > 1:
        for limite, cle in compteurs:
            limite.compter(cle)
        return
    # Les clés telles que le cache de Django les nomme (préfixe, version) : cache.get
    # relit ces compteurs, que Redis garde en entiers comme ceux de cache.incr.
    cles = [backend.make_and_validate_key(limite._nom(cle)) for limite, cle in compteurs]
    client = backend._cache.get_client(cles[0], write=True)
    client.eval(_COMPTER_EN_REDIS, len(cles), *cles, *(limite.periode for limite, _ in compteurs))


def consommer(*, action: str, cle: str, limite: int, periode: int) -> bool:
    """Compte un essai et dit s'il reste sous la limite (pour ce qui compte
    chaque essai, réussi ou non)."""
    regle = Limite(action, limite, periode)
    if regle.atteinte(cle):
        return False
    regle.compter(cle)
    return True


# Une salle de point d'accès public : une quinzaine de postes, plusieurs envois
# chacun dans l'heure. Au-delà, c'est une machine, pas une salle.
PAR_ADRESSE_POUR_UNE_SALLE = 60
# Une personne (un navigateur, un compte) : dix envois par heure.
PAR_PERSONNE = 10


def limites_d_envoi(request: HttpRequest, *, prefixe: str, email: str = "") -> Compteurs:
    """Les compteurs d'un envoi public : adresse (large), navigateur, compte et
    adresse électronique (serrés)."""
    compteurs: Compteurs = [
        (Limite(f"{prefixe}-ip", PAR_ADRESSE_POUR_UNE_SALLE, 3600), adresse_ip(request)),
        (Limite(f"{prefixe}-navigateur", PAR_PERSONNE, 3600), navigateur(request)),
    ]
    if request.user.is_authenticated:
        compteurs.append((Limite(f"{prefixe}-compte", PAR_PERSONNE, 3600), str(request.user.pk)))
    if email:
        compteurs.append((Limite(f"{prefixe}-email", 5, 3600), email.strip().lower()))
    return compteurs
