from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import enregistrer as enregistrer_sortes


class DeliberationConfig(AppConfig):
    name = "projets.deliberation"
    label = "deliberation"
    verbose_name = _("Délibération de l'appel à projets")

    def ready(self) -> None:
        from projets.deliberation.notifications import SORTES

        enregistrer_sortes(*SORTES)
