"""Les pages du programme gardées en cache pour les anonymes suivent trois versions
(pages, lieux, commentaires), lues ensemble (programmes/views.py) : chacune doit
encore périmer les pages, et un Redis vidé ne doit rien casser."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commentaires.models import version_des_commentaires
from papi.models import Lieu
from programmes.models import version_des_pages

pytestmark = pytest.mark.django_db

# Ce que montrent ces pages : leur texte, le nombre de lieux publiés (accueil), les
# commentaires publiés (dispositifs, actualités).
VERSIONS = [version_des_pages, Lieu.version_publique, version_des_commentaires]

PAGES = ["/", "/dispositifs/points-d-acces/", "/actualites/"]


def _requetes(client, url) -> int:
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    return len(requetes)


@pytest.mark.parametrize("version", VERSIONS, ids=lambda version: version.cle)
def test_chaque_version_perime_les_pages_en_cache(
    client, version, django_capture_on_commit_callbacks
):
    for url in PAGES:
        _requetes(client, url)
        assert _requetes(client, url) == 0, f"{url} n'est pas servie du cache"

    with django_capture_on_commit_callbacks(execute=True):
        version.changer()

    for url in PAGES:
        assert _requetes(client, url) > 0, f"{url} servie périmée"
        assert _requetes(client, url) == 0


def test_apres_un_redis_vide_les_versions_sont_reposees_et_la_page_gardee(client):
    _requetes(client, "/")
    cache.clear()

    assert _requetes(client, "/") > 0
    assert all(cache.get(version.cle) is not None for version in VERSIONS)
    assert _requetes(client, "/") == 0
