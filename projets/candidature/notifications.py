"""La sorte de notification des structures candidates, enregistrée par
ProjetsConfig.ready(). L'invitation est essentielle : elle n'a lieu que parce
qu'un membre l'envoie, et son destinataire n'a pas encore de préférences."""

from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import Sorte

SORTES = (Sorte("projets_invitation", _("Invitation à rejoindre une structure candidate"), True),)
