"""La sorte de notification des décisions, enregistrée par DeliberationConfig.ready().
Essentielle : c'est la réponse à une demande d'aide publique."""

from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import Sorte

SORTES = (Sorte("projets_decision", _("Décision sur un dossier de l'appel à projets"), True),)
