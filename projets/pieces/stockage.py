"""Le stockage privé des pièces jointes : un dossier du disque hors des médias
publics (PIECES_ROOT), sans adresse publique. Un fichier n'en sort que par la vue
projets:piece, qui vérifie les droits."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="projets.pieces.stockage.StockagePrive")
class StockagePrive(FileSystemStorage):
    # Relu à chaque accès (et non mis en cache comme dans FileSystemStorage) : les
    # tests changent PIECES_ROOT, et un stockage rangé au mauvais endroit ne
    # doit jamais écrire sous MEDIA_ROOT.
    @property
    def base_location(self) -> str:
        return str(settings.PIECES_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name) -> str:
        raise ValueError("Une pièce jointe n'a pas d'adresse publique : projets:piece la sert.")


def stockage_des_pieces() -> StockagePrive:
    return StockagePrive()
