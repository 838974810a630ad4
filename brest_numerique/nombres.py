"""Lire un nombre venu de l'extérieur (adresse, formulaire), d'une seule façon.

`str.isdigit` accepte « ² » ou « ۳ », qu'`int()` refuse ou lit autrement ;
`int()` accepte « ١٢ », des espaces et des soulignés. Ici, un entier s'écrit en
chiffres ASCII, sans signe, et reste borné : tout le reste vaut « pas de nombre ».
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

CHIFFRES = re.compile(r"[0-9]{1,18}")
# Le plus grand identifiant d'une colonne bigint de PostgreSQL.
MAXIMUM_PAR_DEFAUT = 2**63 - 1


def entier(texte, *, minimum: int = 0, maximum: int = MAXIMUM_PAR_DEFAUT) -> int | None:
    """L'entier écrit dans `texte`, ou None s'il n'y en a pas un, lisible et borné."""
    if not isinstance(texte, str) or not CHIFFRES.fullmatch(texte):
        return None
    valeur = int(texte)
    return valeur if minimum <= valeur <= maximum else None


class EntierField(forms.Field):
    """Champ de formulaire qui lit ses entiers avec `entier()`."""

    default_error_messages = {"invalide": _("Saisissez un nombre entier.")}

    def __init__(self, *, minimum: int = 0, maximum: int = MAXIMUM_PAR_DEFAUT, **kwargs):
        self.minimum, self.maximum = minimum, maximum
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        valeur = entier(str(value).strip(), minimum=self.minimum, maximum=self.maximum)
        if valeur is None:
            raise forms.ValidationError(self.error_messages["invalide"], code="invalide")
        return valeur
