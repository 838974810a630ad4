from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from brest_numerique.navigation import Rubrique
from brest_numerique.navigation import enregistrer as enregistrer_rubriques


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Programme numérique"

    def ready(self) -> None:
        # Ce que l'application déclare au portail : ses rubriques du menu.
        enregistrer_rubriques(Rubrique(_("Le programme"), "programmes:programme", 10))
        # Règles d'objet (voir comptes/roles.py) : leurs modules s'importent ici.
