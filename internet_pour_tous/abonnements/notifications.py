"""Les sortes de notifications des abonnements Internet pour tous, enregistrées par
InternetPourTousConfig.ready(). Le foyer est toujours prévenu de sa demande et de
chaque changement d'état de son abonnement ; les gestionnaires, de chaque demande
à traiter."""

from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import Sorte

SORTES = (
    Sorte("ipt_demande_recue", _("Accusé de réception d'une demande d'abonnement"), True),
    Sorte(
        "ipt_demande_a_traiter",
        _("Nouvelle demande d'abonnement à traiter (gestion)"),
        True,
        "gerer_internet_pour_tous",
    ),
    Sorte("ipt_abonnement_etat", _("Changement d'état d'un abonnement Internet pour tous"), True),
)
