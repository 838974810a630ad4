from django.apps import AppConfig


class BrestNumeriqueConfig(AppConfig):
    name = "brest_numerique"
    verbose_name = "Brest numérique"

    def ready(self):
        # Son chargement enregistre le lookup `__parmi` sur tous les champs.
        import brest_numerique.lookups  # noqa: F401
        from brest_numerique import typographie

        typographie.installer()
