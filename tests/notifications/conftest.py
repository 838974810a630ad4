import pytest

from tests import backends


@pytest.fixture
def serveur_en_panne(settings):
    settings.EMAIL_BACKEND = "tests.backends.EmailBackendEnPanne"
    backends.PANNES.clear()
    yield backends.PANNES
    backends.PANNES.clear()
