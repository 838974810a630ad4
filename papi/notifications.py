"""Les sortes de notifications de l'annuaire, enregistrées par PapiConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import Sorte

SORTES = (
    Sorte("papi_signalement", _("Erreur signalée sur la fiche d'un lieu (équipe)"), True),
    # La réponse à la démarche du visiteur lui-même, une fois : essentielle, comme un
    # accusé de réception (aucun lien de désinscription pour un message unique).
    Sorte("papi_signalement_traite", _("Suite donnée à votre signalement d'erreur"), True),
)
