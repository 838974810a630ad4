import pytest


@pytest.fixture(autouse=True)
def stockage(tmp_path, settings):
    """Médias et pièces jointes dans deux dossiers distincts du test, hors du dépôt ;
    pas de X-Accel-Redirect (les tests lisent le fichier servi)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PIECES_ROOT = tmp_path / "prive" / "pieces"
    settings.PIECES_X_ACCEL_PREFIX = ""
    return settings.PIECES_ROOT
