from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EchangesConfig(AppConfig):
    name = "projets.echanges"
    label = "echanges"
    verbose_name = _("Messagerie des dossiers")
