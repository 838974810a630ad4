from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PiecesConfig(AppConfig):
    name = "projets.pieces"
    label = "pieces"
    verbose_name = _("Pièces jointes des dossiers")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from projets.pieces.fichiers import effacer_le_fichier
        from projets.pieces.models import PieceJointe

        # Une pièce part aussi avec son dossier (suppression d'un brouillon, fin de la
        # durée de conservation) : seule la suppression en cascade voit chaque ligne.
        post_delete.connect(
            effacer_le_fichier, sender=PieceJointe, dispatch_uid="pieces_effacer_le_fichier"
        )
