"""Des widgets écrits en Python, pour les formulaires rendus à chaque affichage
d'une page publique.

Le `Select` de Django rend chaque option par un gabarit (select_option.html et ses
attributs) : les huit listes des filtres de l'annuaire, une centaine d'options,
coûtaient à elles seules près de 3 ms par page (bench/README.md). `ListeDeChoix`
écrit le même `<select>` d'un seul tenant ; attributs, valeurs et libellés passent
par les mêmes fonctions d'échappement que les gabarits.

De même, chaque `<input>` et chaque `<textarea>` passait par deux gabarits
(input.html, puis attrs.html par un `{% include %}`) : 0,1 à 0,3 ms par champ, une
dizaine de champs par page (fiche d'un lieu, annuaire) ; chaque `<select>` resté au
widget de Django, par trois gabarits par option (1,5 ms pour les deux listes de la
file de modération) ; chaque étiquette de `label_tag`, par deux. `RenduDesChamps`,
le moteur de rendu des formulaires de tout le portail (FORM_RENDERER), les écrit
en Python, à l'identique ; tout autre gabarit de formulaire passe par Django.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe


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


def _valeur_d_attribut(valeur) -> str:
    # Ce que fait `{{ valeur|stringformat:'s' }}` : un texte déjà sûr le reste
    # (stringformat est is_safe), tout le reste est converti par str() puis échappé.
    return str(valeur) if isinstance(valeur, SafeData) else escape(str(valeur))


def _attributs(attrs: dict) -> str:
    """attrs.html : un attribut à True s'écrit nu, à False pas du tout."""
    return "".join(
        f" {conditional_escape(nom)}"
        if valeur is True
        else f' {conditional_escape(nom)}="{_valeur_d_attribut(valeur)}"'
        for nom, valeur in attrs.items()
        if valeur is not False
    )


def _input(contexte: dict) -> str:
    widget = contexte["widget"]
    valeur = widget["value"]
    attribut_valeur = "" if valeur is None else f' value="{_valeur_d_attribut(valeur)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{attribut_valeur}{_attributs(widget["attrs"])}>'
    )


def _textarea(contexte: dict) -> str:
    widget = contexte["widget"]
    valeur = widget["value"]
    contenu = conditional_escape(localize(valeur)) if valeur else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attributs(widget["attrs"])}>\n'
        f"{contenu}</textarea>"
    )


def _etiquette(contexte: dict) -> str:
    """label.html (et son attrs.html), que rend `BoundField.label_tag`."""
    libelle = conditional_escape(localize(contexte["label"]))
    if not contexte["use_tag"]:
        # Le moteur de Django retire les espaces autour de tout rendu.
        return libelle.strip()
    balise = conditional_escape(contexte["tag"])
    return f"<{balise}{_attributs(contexte['attrs'] or {})}>{libelle}</{balise}>"


_OPTION = "django/forms/widgets/select_option.html"


def _select(contexte: dict) -> str | None:
    """select.html et le select_option.html de chaque option, aux mêmes octets ;
    None (le gabarit de Django) pour une option à gabarit propre."""
    widget = contexte["widget"]
    morceaux = [
        f'<select name="{conditional_escape(widget["name"])}"{_attributs(widget["attrs"])}>'
    ]
    for groupe, options, _rang in widget["optgroups"]:
        if groupe:
            morceaux.append(f'\n  <optgroup label="{conditional_escape(localize(groupe))}">')
        for option in options:
            if option["template_name"] != _OPTION:
                return None
            morceaux.append(
                f'\n  <option value="{_valeur_d_attribut(option["value"])}"'
                f"{_attributs(option['attrs'])}>{conditional_escape(localize(option['label']))}"
                # Le saut de ligne qui finit le fichier select_option.html.
                "</option>\n"
            )
        if groupe:
            morceaux.append("\n  </optgroup>")
    morceaux.append("\n</select>")
    return "".join(morceaux)


# Les gabarits de Django qui ne font qu'inclure input.html (Django 5.2).
_ENTREES = [
    "checkbox", "color", "date", "datetime", "email", "file", "hidden", "input",
    "number", "password", "search", "tel", "text", "time", "url",
]  # fmt: skip
ECRITS_EN_PYTHON = {f"django/forms/widgets/{nom}.html": _input for nom in _ENTREES} | {
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
    "django/forms/label.html": _etiquette,
}


class ChampDate(forms.DateInput):
    """Le calendrier du navigateur (`type="date"`). Sa valeur ne se lit qu'au format
    AAAA-MM-JJ : une date écrite à la française (« 04/12/2026 », le format par défaut
    du `DateInput` en français) le laisse vide, et la date proposée se perd."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ChampMois(forms.TextInput):
    """Le choix d'un mois (`type="month"`, valeur AAAA-MM). Le HTML n'y admet ni
    `placeholder` ni `maxlength` : le format s'écrit dans l'aide du champ, pour les
    navigateurs qui montrent une simple zone de texte."""

    input_type = "month"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attributs = super().build_attrs(base_attrs, extra_attrs)
        attributs.pop("maxlength", None)
        return attributs


class RenduDesChamps(DjangoTemplates):
    """Le moteur de rendu de Django, sauf pour les gabarits d'ECRITS_EN_PYTHON."""

    def render(self, template_name, context, request=None):
        ecrire = ECRITS_EN_PYTHON.get(template_name)
        html = ecrire(context) if ecrire else None
        if html is None:
            return super().render(template_name, context, request=request)
        return html
