"""Un nom publié est lisible : une ligne, des caractères visibles, une lettre au moins."""

import unicodedata

from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from brest_numerique.validateurs import CATEGORIES_INVISIBLES, REMPLISSAGES, nom_lisible


@given(st.text(max_size=40))
@example("\u3164")
@example("\u061cAnne")
@example("Anne\U000e0020")
@example("Jean\nDupont")
def test_un_nom_accepte_est_visible_sur_une_ligne_avec_une_lettre(texte):
    try:
        nom = nom_lisible(texte)
    except ValidationError as erreur:
        assert erreur.messages and all(isinstance(m, str) for m in erreur.messages)
        return
    assert nom == nom.strip() and "  " not in nom
    assert not any(
        unicodedata.category(c) in CATEGORIES_INVISIBLES or c in REMPLISSAGES for c in nom
    )
    assert any(unicodedata.category(c)[0] in "LN" for c in nom)


@given(st.text(alphabet=st.characters(categories=["Lu", "Ll"]), min_size=1, max_size=20))
def test_un_nom_fait_de_lettres_est_accepte(texte):
    assert nom_lisible(texte) == unicodedata.normalize("NFC", texte)
