"""Les sortes de notifications de l'annuaire, enregistrées par PapiConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import Sorte

SORTES = (Sorte("papi_signalement", _("Erreur signalée sur la fiche d'un lieu (équipe)"), True),)
