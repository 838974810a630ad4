"""Le cache Redis du portail (brest_numerique/cache_redis.py) garde un seul client
redis-py par réserve de connexions, et reste le cache de Django."""

from django.core.cache import cache


def test_un_seul_client_par_reserve_et_le_cache_repond():
    client = cache._cache.get_client()

    assert cache._cache.get_client(write=True) is client
    cache.set("essai:client", {"valeur": 1}, 30)
    assert cache.get_many(["essai:client", "essai:absent"]) == {"essai:client": {"valeur": 1}}
    assert client.ttl(cache.make_key("essai:client")) > 0
