"""Des widgets écrits en Python, pour les formulaires rendus à chaque affichage
d'une page publique.

Le `Select` de Django rend chaque option par un gabarit (select_option.html et ses
attributs) : les huit listes des filtres de l'annuaire, une centaine d'options,
coûtaient à elles seules près de 3 ms par page (bench/README.md). `ListeDeChoix`
écrit le même `<select>` d'un seul tenant ; attributs, valeurs et libellés passent
par les mêmes fonctions d'échappement que les gabarits.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


class ListeDeChoix(forms.Select):
    """Un `<select>` simple (ni groupes d'options, ni choix multiple)."""

    def render(self, name, value, attrs=None, renderer=None):
        attributs = self.build_attrs(self.attrs, attrs)
        choisies = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(valeur)}"'
            f"{' selected' if str(valeur) in choisies else ''}>{escape(libelle)}</option>"
            for valeur, libelle in self.choices
        )
        return mark_safe(  # noqa: S308 — nom, attributs, valeurs et libellés échappés
            f'<select name="{escape(name)}"{flatatt(attributs)}>{options}</select>'
        )
