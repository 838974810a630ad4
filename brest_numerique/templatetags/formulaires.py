"""Le résumé des erreurs d'un formulaire (RGAA 11.10, 11.11) et le titre de page
qui l'annonce, en un seul endroit pour tout le portail ; et `{% champ %}`, le bloc
de chaque champ (étiquette, aide, erreur, widget).

Un gabarit de formulaire inclut `includes/resume_erreurs.html` avec `form=…` en
tête de son `<form>`. base.html rend le contenu de la page avant son `<title>`
(`{% capturer %}`) : le titre commence par « Erreur : » exactement quand la page
montre un résumé, sans que les vues aient à le dire ni à nommer leur formulaire.
"""

from dataclasses import dataclass

from django import template
from django.contrib.messages import constants
from django.forms import BaseForm, BaseFormSet
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# L'attribut que porte le seul élément racine du résumé (includes/resume_erreurs.html).
# Un texte saisi par un visiteur arrive échappé dans la page : il ne peut pas
# contenir ce « > » littéral, donc ne peut pas faire croire à un résumé.
MARQUEUR = " data-resume-erreurs>"


@dataclass(frozen=True)
class Erreur:
    message: str
    libelle: str = ""  # l'étiquette du champ fautif, vide pour une erreur générale
    ancre: str = ""  # l'id de l'élément où mène le lien du résumé


def _ancre(champ) -> str:
    # Une liste de cases ou de boutons radio n'a pas d'id à elle : le lien mène à
    # sa première case.
    if champ.id_for_label:
        return champ.id_for_label
    sous_elements = champ.subwidgets
    return sous_elements[0].id_for_label if sous_elements else ""


def erreurs_de(formulaire) -> list[Erreur]:
    """Les erreurs d'un formulaire (ou d'un jeu de formulaires) dans l'ordre de la
    page : d'abord les erreurs générales, puis un lien par champ visible fautif.
    L'erreur d'un champ caché (un horodatage périmé) ne mène nulle part."""
    if isinstance(formulaire, BaseFormSet):
        if not formulaire.is_bound:
            return []
        erreurs = [Erreur(str(message)) for message in formulaire.non_form_errors()]
        for sous_formulaire in formulaire.forms:
            erreurs += erreurs_de(sous_formulaire)
        return erreurs
    if not isinstance(formulaire, BaseForm) or not formulaire.is_bound:
        return []
    erreurs = [Erreur(str(message)) for message in formulaire.non_field_errors()]
    for champ in formulaire:
        if not champ.errors:
            continue
        message = " ".join(str(m) for m in champ.errors)
        if champ.is_hidden:
            erreurs.append(Erreur(message))
        else:
            # « J'accepte … données personnelles. » : le point final de l'étiquette
            # d'une case précéderait le « : » du résumé.
            libelle = str(champ.label).rstrip().rstrip(".")
            erreurs.append(Erreur(message, libelle=libelle, ancre=_ancre(champ)))
    return erreurs


@register.simple_tag
def erreurs_du_formulaire(formulaire) -> list[Erreur]:
    """`{% erreurs_du_formulaire form as erreurs %}` (includes/resume_erreurs.html)."""
    return erreurs_de(formulaire)


@register.filter
def refus_en_message(messages) -> bool:
    """Vrai si un message de niveau erreur attend la page : le refus d'un formulaire
    traité en post/redirect/get (file de modération). base.html l'annonce alors
    comme un résumé d'erreurs : « Erreur : » dans le titre, focus sur le message."""
    return any(message.level >= constants.ERROR for message in messages)


@register.filter
def annonce_des_erreurs(contenu: str) -> bool:
    """Vrai si le contenu rendu de la page montre un résumé d'erreurs."""
    return MARQUEUR in str(contenu)


class NoeudCapture(template.Node):
    # « nodelist » : le nom sous lequel {% extends %} cherche les {% block %}
    # d'un gabarit parent, pour qu'un bloc capturé reste surchargeable.
    def __init__(self, nodelist, nom: str):
        self.nodelist = nodelist
        self.nom = nom

    def render(self, context) -> str:
        # Le rendu d'une liste de nœuds est déjà une chaîne sûre (échappée à la source).
        context[self.nom] = self.nodelist.render(context)
        return ""


@register.tag
def capturer(parser, token) -> NoeudCapture:
    """`{% capturer nom %}…{% fin_capturer %}` rend son contenu tout de suite et le
    garde dans la variable `nom`, affichée plus loin (`{{ nom }}`) : base.html
    rend ainsi le corps de la page avant son titre."""
    morceaux = token.split_contents()
    if len(morceaux) != 2:
        raise template.TemplateSyntaxError("{% capturer nom %} attend un seul nom de variable.")
    nodelist = parser.parse(("fin_capturer",))
    parser.delete_first_token()
    return NoeudCapture(nodelist, morceaux[1])


@register.simple_tag
def champ(champ) -> SafeString:
    """`{% champ form.nom %}` : l'étiquette, l'aide et l'erreur liées au champ par
    leurs id (que lit le widget, aria-describedby), puis le widget. Écrit en Python
    plutôt que par un gabarit inclus : l'annuaire en montre douze par page, et chaque
    `{% include %}` coûtait autant que le champ lui-même (bench/README.md)."""
    aide = (
        f'<span class="aide" id="{escape(champ.auto_id)}_helptext">'
        f"{conditional_escape(champ.help_text)}</span>"
        if champ.help_text
        else ""
    )
    erreur = (
        f'<p class="erreur" id="{escape(champ.auto_id)}_error">'
        f"{' '.join(conditional_escape(message) for message in champ.errors)}</p>"
        if champ.errors
        else ""
    )
    return mark_safe(  # noqa: S308 — étiquette, aide, erreurs et id échappés ci-dessus
        f'<div class="champ">\n  <label for="{escape(champ.id_for_label)}">'
        f"{conditional_escape(localize(champ.label))}</label>\n  {aide}\n  {erreur}\n"
        f"  {conditional_escape(champ)}\n</div>\n"
    )
