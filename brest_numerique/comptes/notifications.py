"""Les sortes de notifications des comptes, enregistrées par ComptesConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import Sorte

SORTES = (
    Sorte(
        "compte",
        _("Sécurité du compte (inscription, mot de passe, adresse)"),
        True,
        sensible=True,
    ),
    Sorte("bienvenue", _("Message de bienvenue et présentation du portail"), False),
)
