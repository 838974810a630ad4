"""ListeDeChoix (brest_numerique/widgets.py) écrit le `<select>` que rendrait le
`Select` de Django : mêmes attributs, mêmes options, même choix ; rien de ce que
portent valeurs et libellés n'en sort."""

from html.parser import HTMLParser

from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from brest_numerique.widgets import ListeDeChoix


class _Lecteur(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict, str]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), ""))

    def handle_data(self, data):
        if self.elements and data.strip():
            tag, attrs, texte = self.elements[-1]
            self.elements[-1] = (tag, attrs, texte + data)


def _lire(html: str) -> list[tuple[str, dict, str]]:
    lecteur = _Lecteur()
    lecteur.feed(str(html))
    return [(tag, attrs, texte.strip()) for tag, attrs, texte in lecteur.elements]


TEXTE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=20)


@settings(max_examples=80, deadline=None)
@given(
    choix=st.lists(st.tuples(TEXTE, TEXTE), min_size=1, max_size=6, unique_by=lambda c: c[0]),
    rang=st.integers(min_value=0, max_value=5),
)
def test_meme_select_que_django(choix, rang):
    valeur = choix[rang % len(choix)][0]

    class Formulaire(forms.Form):
        rapide = forms.ChoiceField(choices=choix, widget=ListeDeChoix, required=False)
        django = forms.ChoiceField(choices=choix, required=False)

    formulaire = Formulaire({"rapide": valeur, "django": valeur})
    rapide = _lire(formulaire["rapide"])
    attendu = _lire(formulaire["django"])

    assert [t for t, _, _ in rapide] == [t for t, _, _ in attendu]
    assert rapide[0][1] | {"name": "django", "id": "id_django"} == attendu[0][1]
    # Django retire les espaces autour d'un libellé rendu ; ils ne comptent pas ici.
    assert [(a, texte) for _, a, texte in rapide[1:]] == [(a, texte) for _, a, texte in attendu[1:]]
