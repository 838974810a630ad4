from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PiecesConfig(AppConfig):
    name = "projets.pieces"
    label = "pieces"
    verbose_name = _("Pièces jointes des dossiers")
