from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import enregistrer as enregistrer_sortes
from programmes.accompagnement.notifications import SORTES


class AccompagnementConfig(AppConfig):
    name = "programmes.accompagnement"
    label = "accompagnement"
    verbose_name = _("Être accompagné")

    def ready(self) -> None:
        # Ce que l'application déclare au portail : ses sortes de notifications.
        enregistrer_sortes(*SORTES)
