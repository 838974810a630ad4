from django.apps import AppConfig


class BrestNumeriqueConfig(AppConfig):
    name = "brest_numerique"
    verbose_name = "Brest numérique"

    def ready(self):
        # Son chargement enregistre le lookup `__parmi` sur tous les champs.
        import brest_numerique.lookups  # noqa: F401
        from brest_numerique import ramasse_miettes, typographie

        typographie.installer()
        # Les applications qui suivent n'ont plus que des signaux à brancher : les
        # modèles et l'administration de toutes sont déjà chargés.
        ramasse_miettes.demarrage_fini()
