from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaureatsConfig(AppConfig):
    name = "projets.laureats"
    label = "laureats"
    verbose_name = _("Lauréats de l'appel à projets")

    def ready(self) -> None:
        from projets.laureats import recherche

        # Les lauréats publiés dans la recherche du site et dans le plan du site.
        recherche.enregistrer()
