"""Les sortes de notifications de la messagerie des dossiers, enregistrées par
EchangesConfig.ready(). Facultatives : le message reste lisible sur le portail, et
chacun peut ne plus recevoir ces courriels (page de compte, lien de chaque message).
Deux sortes, pour que la page des préférences ne propose à chacun que la sienne."""

from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import Sorte

SORTES = (
    Sorte("dossier_message", _("Nouveau message de l'instruction sur un dossier"), False),
    Sorte(
        "dossier_message_instruction",
        _("Nouveau message d'une structure sur un dossier (instruction)"),
        False,
        "instruire_dossiers",
    ),
)
