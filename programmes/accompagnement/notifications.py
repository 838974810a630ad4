"""Les sortes de notifications de l'accompagnement, enregistrées par
AccompagnementConfig.ready(). Toutes deux essentielles : l'une porte une demande
à l'équipe, l'autre est un accusé de réception."""

from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import Sorte

SORTES = (
    Sorte("accompagnement_equipe", _("Nouvelle demande d'accompagnement (équipe)"), True),
    Sorte("accompagnement_accuse", _("Accusé de réception d'une demande d'accompagnement"), True),
)
