from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "brest_numerique.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        """La boîte d'envoi ne déclare aucune sorte : chaque application enregistre
        les siennes (types.enregistrer) depuis son propre ready()."""
        # Règles d'objet (voir comptes/roles.py) : leurs modules s'importent ici.
