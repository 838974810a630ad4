from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapiConfig(AppConfig):
    name = "papi"
    verbose_name = _("Points d'accès publics à Internet")
