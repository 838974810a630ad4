"""La mémoire de chaque processus devant Redis (brest_numerique/cache_anonyme.py) :
une page lue il y a moins d'une seconde se sert sans Redis ; un changement fait dans
le processus, ou un cache vidé, ne laisse rien de périmé."""

import time

import pytest
from django.core.cache import cache

from brest_numerique.cache_anonyme import MEMOIRE, MemoireLocale
from tests.commentaires.factories import CommentaireFactory

pytestmark = pytest.mark.django_db


def _pages_dans_redis() -> list[bytes]:
    return cache._cache.get_client().keys(cache.make_key("page:*"))


def test_une_page_lue_a_l_instant_se_sert_sans_redis(client, lieu):
    premiere = client.get(lieu.get_absolute_url())
    client.get(lieu.get_absolute_url())  # lue depuis Redis, gardée en mémoire
    cache._cache.get_client().delete(*_pages_dans_redis())

    servie = client.get(lieu.get_absolute_url())

    assert servie.status_code == 200
    assert servie.content.count(lieu.nom.encode()) == premiere.content.count(lieu.nom.encode())
    assert _pages_dans_redis() == []  # servie de mémoire : pas de nouveau rendu


def test_un_changement_dans_le_processus_vide_la_memoire(
    client, lieu, webmestre, django_capture_on_commit_callbacks
):
    commentaire = CommentaireFactory(objet=lieu, statut="en_attente", texte="Texte 90417")
    client.get(lieu.get_absolute_url())
    client.get(lieu.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        commentaire.approuver(par=webmestre)

    assert "Texte 90417" in client.get(lieu.get_absolute_url()).content.decode()


def test_vider_le_cache_vide_la_memoire():
    MEMOIRE.garder("essai", 1)
    cache.clear()

    assert MEMOIRE.lire("essai") is None


def test_une_entree_expire_et_la_taille_est_bornee():
    memoire = MemoireLocale(duree=0.05, taille=2)
    memoire.garder("a", 1)
    memoire.garder("b", 2)
    memoire.garder("c", 3)

    assert memoire.lire("a") is None  # la plus ancienne est sortie
    assert (memoire.lire("b"), memoire.lire("c")) == (2, 3)
    time.sleep(0.06)
    assert memoire.lire("c") is None
