from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaureatsConfig(AppConfig):
    name = "projets.laureats"
    label = "laureats"
    verbose_name = _("Lauréats de l'appel à projets")
