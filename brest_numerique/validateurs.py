"""Validations de saisie partagées par tous les formulaires publics."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Catégories Unicode qui ne s'affichent pas comme du texte : contrôles (dont les
# retours à la ligne), formats (marques de direction, caractères d'étiquette,
# espaces sans chasse), séparateurs de ligne et de paragraphe, usage privé,
# demi-codets, points de code non attribués.
CATEGORIES_INVISIBLES = {"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"}
# Des lettres ou symboles qui s'affichent vides : remplissages hangûl, blanc braille,
# joignant de graphèmes. Unicode les range parmi les lettres, pas parmi les espaces.
REMPLISSAGES = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u034f", "\u17b4", "\u17b5"}


def nom_lisible(valeur: str) -> str:
    """Un nom de personne tel qu'il sera publié : sur une ligne, fait de caractères
    visibles, avec au moins une lettre ou un chiffre. Les espaces sont resserrés."""
    texte = unicodedata.normalize("NFC", valeur)
    if any(unicodedata.category(c) in CATEGORIES_INVISIBLES or c in REMPLISSAGES for c in texte):
        raise ValidationError(
            _(
                "Le nom contient un retour à la ligne ou des caractères invisibles\u00a0: "
                "écrivez-le sur une ligne, en lettres."
            ),
            code="nom_invisible",
        )
    texte = " ".join(texte.split())
    if not any(unicodedata.category(c)[0] in "LN" for c in texte):
        raise ValidationError(
            _("Indiquez un nom lisible, avec au moins une lettre."), code="nom_illisible"
        )
    return texte
