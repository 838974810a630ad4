from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from brest_numerique.navigation import Rubrique
from brest_numerique.navigation import enregistrer as enregistrer_rubriques
from brest_numerique.notifications.types import enregistrer as enregistrer_sortes


class ProjetsConfig(AppConfig):
    name = "projets"
    verbose_name = _("Appel à projets multimédias")

    def ready(self) -> None:
        from projets import regles  # noqa: F401 (règles d'objet, voir comptes/roles.py)
        from projets.candidature.notifications import SORTES as SORTES_CANDIDATURE
        from projets.notifications import SORTES
        from projets.publiques import editions

        # Ce que l'application déclare au portail : rubrique du menu, notifications.
        enregistrer_rubriques(Rubrique(_("Appels à projets"), "projets:presentation", 30))
        enregistrer_sortes(*SORTES)
        enregistrer_sortes(*SORTES_CANDIDATURE)
        editions.connecter()  # une édition enregistrée périme ses pages publiques
        # Un membre d'une structure qui a un dossier ne supprime pas son compte seul.
        from brest_numerique.comptes import suppression
        from projets.comptes import structures_avec_dossier

        suppression.enregistrer(suppression.Suite("projets", empechement=structures_avec_dossier))
