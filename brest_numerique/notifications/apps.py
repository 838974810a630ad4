from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "brest_numerique.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        """La boîte d'envoi ne déclare aucune sorte : chaque application enregistre
        les siennes (types.enregistrer) depuis son propre ready(). Elle déclare sa
        file au balayage du travail différé (brest_numerique/differe.py)."""
        from brest_numerique import differe
        from brest_numerique.notifications.services import notifications_relancer

        differe.enregistrer(
            differe.FileDifferee(
                "notifications", lambda depuis: notifications_relancer(depuis=depuis)
            )
        )
        # Règles d'objet (voir comptes/roles.py) : leurs modules s'importent ici.
