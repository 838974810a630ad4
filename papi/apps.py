from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from brest_numerique.navigation import Rubrique
from brest_numerique.navigation import enregistrer as enregistrer_rubriques
from brest_numerique.notifications.types import enregistrer as enregistrer_sortes
from papi.notifications import SORTES


class PapiConfig(AppConfig):
    name = "papi"
    verbose_name = _("Points d'accès publics à Internet")

    def ready(self) -> None:
        # Ce que l'application déclare au portail : ses sortes de notifications et
        # ses rubriques du menu.
        enregistrer_sortes(*SORTES)
        enregistrer_rubriques(Rubrique(_("Points d'accès (PAPI)"), "papi:liste", 20))
        # Règles d'objet (voir comptes/roles.py) : leurs modules s'importent ici.
