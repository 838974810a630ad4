from django import template

from brest_numerique.fichiers import taille_lisible
from projets.pieces.forms import PiecesForm, accepte, consigne

register = template.Library()


@register.simple_tag
def regles_des_pieces() -> dict:
    """Les formats et plafonds, pour la consigne et l'attribut accept du champ."""
    return {"consigne": consigne(), "accepte": accepte()}


@register.simple_tag
def formulaire_des_pieces(form=None) -> PiecesForm:
    return form if isinstance(form, PiecesForm) else PiecesForm()


@register.filter
def volume_des_pieces(pieces) -> str:
    return taille_lisible(sum(piece.taille for piece in pieces))
