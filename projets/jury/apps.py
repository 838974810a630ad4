from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuryConfig(AppConfig):
    name = "projets.jury"
    label = "jury"
    verbose_name = _("Jury de l'appel à projets")
