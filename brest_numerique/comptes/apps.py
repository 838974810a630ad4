from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "brest_numerique.comptes"
    label = "comptes"
    verbose_name = "Comptes et rôles"
