import pytest

from tests.papi.factories import LieuFactory


@pytest.fixture
def lieu(db):
    lieu = LieuFactory(nom="Médiathèque des Capucins")
    return lieu


@pytest.fixture
def sans_confirmation(settings):
    """Les dépôts anonymes entrent directement dans la file."""
    settings.COMMENTAIRES_CONFIRMATION_EMAIL = False
