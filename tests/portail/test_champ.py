"""`{% champ %}` (brest_numerique/templatetags/formulaires.py) écrit, caractère pour
caractère, ce qu'écrivait le gabarit inclus qu'il remplace : étiquette, aide, erreur
et widget, quels que soient les textes, avec ou sans id."""

from django import forms
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from papi.filtres import FiltresLieux
from papi.forms import SignalementForm

# Le gabarit includes/champ.html, tel qu'il était avant d'être écrit en Python.
ANCIEN_GABARIT = """<div class="champ">
  <label for="{{ champ.id_for_label }}">{{ champ.label }}</label>
  {% if champ.help_text %}<span class="aide" id="{{ champ.auto_id }}_helptext">{{ champ.help_text }}</span>{% endif %}
  {% if champ.errors %}<p class="erreur" id="{{ champ.auto_id }}_error">{{ champ.errors|join:" " }}</p>{% endif %}
  {{ champ }}
</div>
"""
TEXTE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=20)


def _les_deux(champ) -> tuple[str, str]:
    contexte = Context({"champ": champ})
    return Template("{% champ champ %}").render(contexte), Template(ANCIEN_GABARIT).render(contexte)


@settings(max_examples=100, deadline=None)
@given(
    libelle=TEXTE,
    aide=TEXTE,
    valeur=TEXTE,
    avec_id=st.booleans(),
    widget=st.sampled_from([forms.TextInput, forms.Textarea, forms.EmailInput]),
)
def test_meme_html_que_l_ancien_gabarit(libelle, aide, valeur, avec_id, widget):
    class Formulaire(forms.Form):
        texte = forms.CharField(label=libelle, help_text=aide, max_length=3, widget=widget)

    formulaire = Formulaire({"texte": valeur}, auto_id="id_%s" if avec_id else False)
    formulaire.is_valid()  # trop long ou vide : une erreur à montrer

    nouveau, ancien = _les_deux(formulaire["texte"])
    assert nouveau == ancien


def test_les_champs_des_formulaires_du_portail():
    filtres = FiltresLieux({"q": "!!", "lat": "abc", "commune": "00000"}, communes=[])
    signalement = SignalementForm({"message": "", "email": "pas-une-adresse"})
    for formulaire in (filtres, FiltresLieux(communes=[]), signalement, SignalementForm()):
        if formulaire.is_bound:
            formulaire.is_valid()
        for champ in formulaire:
            nouveau, ancien = _les_deux(champ)
            assert nouveau == ancien, champ.name
    assert 'class="erreur"' in _les_deux(signalement["email"])[0]
