from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import enregistrer as enregistrer_sortes


class EchangesConfig(AppConfig):
    name = "projets.echanges"
    label = "echanges"
    verbose_name = _("Messagerie des dossiers")

    def ready(self) -> None:
        from projets.echanges.notifications import SORTES

        enregistrer_sortes(*SORTES)
