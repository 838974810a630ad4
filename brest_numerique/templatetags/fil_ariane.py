"""Le fil d'Ariane de templates/base.html : « Accueil › … › la page »."""

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY

register = template.Library()


@register.simple_tag(takes_context=True)
def contenu_du_bloc(context, nom: str) -> str:
    """Le bloc `nom` tel que la page le définit, rendu une seconde fois.

    Django ne permet pas d'écrire deux fois le même bloc : le fil d'Ariane reprend
    ainsi le titre de la page (bloc « title ») pour nommer la page courante, sans que
    chaque gabarit le répète. Une page dont le titre est trop long pour le fil (numéro
    de page, nom du site) définit plutôt le bloc « fil_ariane_page »."""
    blocs = context.render_context.get(BLOCK_CONTEXT_KEY)
    bloc = blocs.get_block(nom) if blocs else None
    return bloc.render(context) if bloc else ""
