"""La typographie française du portail, en un seul endroit.

« 1er octobre » : le format « j » de Django écrit le jour du mois (« 1 octobre
2026 ») et le français écrit « 1er » le premier du mois. Un filtre propre au portail
serait à ne jamais oublier : dans chaque gabarit, chaque courriel, chaque PDF, chaque
flux, chaque appel à `date_format` en Python, chaque date affichée sans filtre (par
DATE_FORMAT, « j F Y » en français) et dans l'administration de Django et de Wagtail.
On corrige donc le format lui-même : `DateFormat.format`, par où passent tous ces
chemins (le filtre `date`, `formats.date_format`, `formats.localize`), reçoit « j »
suivi de « er » le premier du mois, quand la langue active est le français.
`installer()` est appelé une fois, au démarrage (apps.BrestNumeriqueConfig.ready).

Espaces : avant « : » l'espace insécable (U+00A0, comme la traduction française de
Django), avant « ; ! ? » l'espace fine insécable (U+202F), entre un montant et « € »
l'insécable. Les textes du portail les écrivent eux-mêmes ; `euros()` formate un
montant (milliers séparés par l'insécable, THOUSAND_SEPARATOR du français de Django).
"""

import re

from django.template.defaultfilters import floatformat
from django.utils import dateformat
from django.utils.translation import get_language

INSECABLE = "\u00a0"
FINE_INSECABLE = "\u202f"

# Un « j » non échappé (Django échappe un caractère par une barre oblique inverse)
# suivi d'une espace ou de la fin du format : « j F Y », « l j F », « j ». Pas « j/n/Y »,
# où « 1er/10 » serait faux.
_JOUR_DU_MOIS = re.compile(r"(?<!\\)j(?=[\s\u00a0\u202f]|$)")

_format_de_django = dateformat.DateFormat.format


def format_du_jour(format_de_date: str, jour: int) -> str:
    """Le format de Django, avec « 1er » au lieu de « 1 » le premier du mois."""
    if jour != 1:
        return format_de_date
    return _JOUR_DU_MOIS.sub(r"j\\e\\r", format_de_date)


def _format_francais(self, formatstr):
    if (get_language() or "").startswith("fr"):
        formatstr = format_du_jour(str(formatstr), self.data.day)
    return _format_de_django(self, formatstr)


def installer() -> None:
    dateformat.DateFormat.format = _format_francais


def euros(montant, decimales: int | str = 2) -> str:
    """« 1 234,50 € ». `decimales` comme pour `floatformat` : 2, toujours deux
    chiffres ; -2, les centimes seulement s'il y en a ; 0, arrondi à l'euro."""
    nombre = "" if montant is None else floatformat(montant, f"{decimales}g")
    return f"{nombre}{INSECABLE}€" if nombre else ""


def entier(nombre: int) -> str:
    """« 1 234 » : un entier en chiffres, milliers séparés par l'insécable, comme
    `number_format(…, force_grouping=True)` en français, sans relire les réglages
    de format à chaque appel (les listes de l'annuaire en écrivent une centaine)."""
    return f"{nombre:,}".replace(",", INSECABLE)
