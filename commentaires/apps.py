from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import enregistrer as enregistrer_sortes
from commentaires.notifications import SORTES


class CommentairesConfig(AppConfig):
    name = "commentaires"
    verbose_name = _("Commentaires modérés")

    def ready(self) -> None:
        # Ce que l'application déclare au portail : ses sortes de notifications.
        enregistrer_sortes(*SORTES)
        # Les suites d'un dépôt (courriels, filtre anti-spam), au balayage du travail
        # différé : brest_numerique/differe.py.
        from brest_numerique import differe
        from commentaires.services import SUITES_DU_DEPOT

        differe.enregistrer(SUITES_DU_DEPOT)
        # Un compte supprimé : ses commentaires restent, anonymisés.
        from brest_numerique.comptes import suppression
        from commentaires.services import commentaires_effacer_du_compte

        suppression.enregistrer(
            suppression.Suite("commentaires", effacer=commentaires_effacer_du_compte)
        )
        # Règles d'objet (voir comptes/roles.py) : leurs modules s'importent ici.
