import pytest

from tests.portail.entrees import Publie


@pytest.fixture(scope="module")
def publie(donnees_du_module) -> Publie:
    """Les données publiques que les tests par propriétés visent : des lieux
    publiés, un commentaire publié, un compte.

    Une fois par module (tests/conftest.py, donnees_du_module) : ces tests ne font
    que des requêtes, chacune dans un point de sauvegarde annulé (entrees.envoyer),
    si bien que chaque exemple voit les mêmes lignes qu'avec des données neuves."""
    return donnees_du_module(Publie)
