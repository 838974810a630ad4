"""Le cache Redis de Django, avec un seul client redis-py par réserve de connexions.

Le client de Django crée un `redis.Redis` neuf à chaque lecture ou écriture du
cache. Les connexions viennent bien de la réserve, mais redis-py (8.x) rebâtit à
chaque fois sa table des réponses (170 entrées) : 0,1 ms par appel, autant que
l'aller-retour Redis lui-même. Une page servie depuis le cache fait un ou deux
appels ; elle ne coûtait guère plus que la page la plus simple du portail
(/plancher/) qu'à cause de cela (bench/README.md). Un client redis-py est sûr entre
fils d'exécution : il prend une connexion de la réserve pour chaque commande.
"""

from collections.abc import Callable

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

# Les copies locales de ce qui vient du cache (brest_numerique/cache_anonyme.py) :
# vider le cache les vide aussi.
_A_VIDER: list[Callable[[], None]] = []


def vider_aussi(vider: Callable[[], None]) -> None:
    """`vider()` sera appelé chaque fois que le cache de Django est vidé."""
    _A_VIDER.append(vider)


class ClientAReserve(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class CacheRedis(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ClientAReserve

    def clear(self):
        resultat = super().clear()
        for vider in _A_VIDER:
            vider()
        return resultat
