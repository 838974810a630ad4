"""Les sortes de notifications de l'appel à projets, enregistrées par
ProjetsConfig.ready(). Celles qui suivent le dossier sont essentielles (la
structure doit savoir où en est sa demande d'aide) ; les rappels et le résumé
hebdomadaire se refusent."""

from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import Sorte

SORTES = (
    Sorte("dossier_depose", _("Accusé de réception d'un dossier déposé"), True),
    Sorte("dossier_recu", _("Nouveau dossier déposé (instruction)"), True, "instruire_dossiers"),
    Sorte("dossier_etat", _("Changement d'état d'un dossier"), True),
    Sorte("dossier_complements", _("Compléments demandés sur un dossier"), True),
    Sorte(
        "dossier_complete",
        _("Dossier complété par la structure (instruction)"),
        True,
        "instruire_dossiers",
    ),
    Sorte("dossier_rappel_brouillon", _("Rappel\u00a0: un brouillon avant la clôture"), False),
    # Essentiel : une échéance manquée peut coûter l'aide.
    Sorte("dossier_rappel_complements", _("Rappel\u00a0: des compléments attendus"), True),
    Sorte(
        "instruction_resume_hebdo",
        _("Résumé hebdomadaire de l'instruction"),
        False,
        "instruire_dossiers",
    ),
)
