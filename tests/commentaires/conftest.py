import pytest

from tests.papi.factories import LieuFactory, preparer


@pytest.fixture
def lieu(db):
    lieu = LieuFactory(nom="Médiathèque des Capucins")
    preparer(lieu)
    return lieu


@pytest.fixture
def sans_confirmation(settings):
    """Les dépôts anonymes entrent directement dans la file."""
    settings.COMMENTAIRES_CONFIRMATION_EMAIL = False
