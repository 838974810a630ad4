"""Les sortes de notifications du jury, enregistrées par JuryConfig.ready().

Les dossiers confiés sont essentiels (le juré doit savoir ce qu'il a à noter) ;
les rappels de la période de notation se refusent."""

from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import Sorte

SORTES = (
    Sorte(
        "jury_dossiers_confies",
        _("Dossiers confiés au jury à noter"),
        True,
        "noter_dossiers",
    ),
    Sorte("jury_rappel", _("Rappel\u00a0: des dossiers restent à noter"), False, "noter_dossiers"),
)
