from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from brest_numerique.navigation import Rubrique
from brest_numerique.navigation import enregistrer as enregistrer_rubriques
from brest_numerique.notifications.types import enregistrer as enregistrer_sortes


class InternetPourTousConfig(AppConfig):
    name = "internet_pour_tous"
    verbose_name = _("Internet pour tous")

    def ready(self) -> None:
        # Ce que l'application déclare au portail : ses rubriques du menu.
        enregistrer_rubriques(
            Rubrique(_("Internet pour tous"), "internet_pour_tous:presentation", 40)
        )
        from internet_pour_tous.abonnements.notifications import SORTES as SORTES_ABONNEMENTS

        enregistrer_sortes(*SORTES_ABONNEMENTS)
        # Règles d'objet (voir comptes/roles.py) : leurs modules s'importent ici.
        from internet_pour_tous import anonymisation, regles  # noqa: F401

        # Les tâches de la facturation (beat et page de lancement), hors de tasks.py.
        from internet_pour_tous.facturation import tasks as taches_facturation  # noqa: F401
