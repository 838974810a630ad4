import pytest

from tests.portail.entrees import Publie


@pytest.fixture
def publie(db) -> Publie:
    """Les données publiques que les tests par propriétés visent : des lieux
    publiés, un commentaire publié, un compte."""
    return Publie()
