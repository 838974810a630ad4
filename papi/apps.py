from django.apps import AppConfig


class PapiConfig(AppConfig):
    name = "papi"
    verbose_name = "Points d'accès publics à Internet"
