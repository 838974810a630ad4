from django.apps import AppConfig

from brest_numerique.comptes.notifications import SORTES
from brest_numerique.notifications.types import enregistrer as enregistrer_sortes


class ComptesConfig(AppConfig):
    name = "brest_numerique.comptes"
    label = "comptes"
    verbose_name = "Comptes et rôles"

    def ready(self) -> None:
        # Ce que l'application déclare au portail : ses sortes de notifications.
        enregistrer_sortes(*SORTES)
        # Les écritures qui changent des droits périment ceux que garde le cache.
        from brest_numerique.comptes.droits import brancher

        brancher()
        # Règles d'objet (voir roles.py) : leurs modules s'importent ici.
