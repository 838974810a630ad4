from django.apps import AppConfig


class BrestNumeriqueConfig(AppConfig):
    name = "brest_numerique"
    verbose_name = "Brest numérique"

    def ready(self):
        from brest_numerique import typographie

        typographie.installer()
