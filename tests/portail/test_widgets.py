"""ListeDeChoix (brest_numerique/widgets.py) écrit le `<select>` que rendrait le
`Select` de Django : mêmes attributs, mêmes options, même choix ; rien de ce que
portent valeurs et libellés n'en sort. RenduDesChamps écrit les `<input>`,
`<textarea>`, `<select>` et `<label>` des gabarits de Django, à l'identique."""

from html.parser import HTMLParser

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from brest_numerique.widgets import ListeDeChoix, RenduDesChamps


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


# Les widgets dont RenduDesChamps écrit le HTML en Python, un par gabarit remplacé.
WIDGETS_ECRITS_EN_PYTHON = [
    forms.TextInput,
    forms.EmailInput,
    forms.URLInput,
    forms.NumberInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.CheckboxInput,
    forms.Textarea,
]
NOM_D_ATTRIBUT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_", min_size=1, max_size=12)
VALEUR_D_ATTRIBUT = st.one_of(
    st.booleans(), TEXTE, st.integers(), st.builds(mark_safe, st.sampled_from(["&amp;", "<b>"]))
)


@settings(max_examples=150, deadline=None)
@given(
    widget=st.sampled_from(WIDGETS_ECRITS_EN_PYTHON),
    nom=TEXTE,
    valeur=st.one_of(st.none(), TEXTE, st.integers(), st.booleans()),
    attrs=st.dictionaries(NOM_D_ATTRIBUT, VALEUR_D_ATTRIBUT, max_size=4),
)
def test_rendu_des_champs_identique_aux_gabarits_de_django(widget, nom, valeur, attrs):
    """Caractère pour caractère, le HTML des gabarits de Django : attributs nus,
    absents ou échappés, valeur échappée, déjà sûre ou absente."""
    instance = widget(attrs=attrs)
    assert instance.render(nom, valeur, renderer=RenduDesChamps()) == instance.render(
        nom, valeur, renderer=DjangoTemplates()
    )


CHOIX = st.lists(st.tuples(TEXTE, TEXTE), min_size=0, max_size=4, unique_by=lambda c: c[0])


@settings(max_examples=100, deadline=None)
@given(
    groupes=st.lists(st.tuples(st.one_of(st.just(""), TEXTE), CHOIX), max_size=3),
    multiple=st.booleans(),
    rang=st.integers(min_value=0, max_value=7),
    attrs=st.dictionaries(NOM_D_ATTRIBUT, VALEUR_D_ATTRIBUT, max_size=3),
)
def test_select_identique_au_gabarit_de_django(groupes, multiple, rang, attrs):
    """Listes simples ou multiples, avec ou sans groupes d'options (un groupe sans
    nom met ses options à plat), aucune, une ou plusieurs options choisies."""
    choix = [
        (nom, options) if nom else options[0] if options else ("", "") for nom, options in groupes
    ]
    valeurs = [v for _, options in groupes for v, _ in options]
    choisies = valeurs[rang % len(valeurs) :: 3] if valeurs else []
    widget = (forms.SelectMultiple if multiple else forms.Select)(attrs=attrs, choices=choix)
    valeur = choisies if multiple else (choisies[0] if choisies else None)

    rapide = widget.render("liste", valeur, renderer=RenduDesChamps())
    assert rapide == widget.render("liste", valeur, renderer=DjangoTemplates())


def test_oui_non_inconnu_identique_au_gabarit_de_django():
    for valeur in (None, True, False, "unknown"):
        widget = forms.NullBooleanSelect(attrs={"id": "id_fauteuil"})
        assert widget.render("fauteuil", valeur, renderer=RenduDesChamps()) == widget.render(
            "fauteuil", valeur, renderer=DjangoTemplates()
        )


@settings(max_examples=100, deadline=None)
@given(
    libelle=TEXTE,
    avec_id=st.booleans(),
    suffixe=st.one_of(st.none(), st.sampled_from(["", " :", "\u00a0:"])),
    attrs=st.dictionaries(NOM_D_ATTRIBUT, VALEUR_D_ATTRIBUT, max_size=3),
    balise=st.sampled_from([None, "legend"]),
)
def test_etiquette_identique_au_gabarit_de_django(libelle, avec_id, suffixe, attrs, balise):
    """`label_tag` : avec ou sans id (sans id, le seul libellé), suffixe, classe
    des champs requis, attributs, autre balise."""

    class Formulaire(forms.Form):
        required_css_class = "requis"
        champ = forms.CharField(label=libelle)

    def etiquette(moteur):
        formulaire = Formulaire(auto_id="id_%s" if avec_id else False, renderer=moteur)
        return formulaire["champ"].label_tag(attrs=dict(attrs), label_suffix=suffixe, tag=balise)

    assert etiquette(RenduDesChamps()) == etiquette(DjangoTemplates())


def test_rendu_des_champs_est_celui_du_portail():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), RenduDesChamps)
    # Les autres gabarits (ici celui d'une liste de cases) passent toujours par Django.
    cases = forms.CheckboxSelectMultiple(choices=[("a", "<A>")])
    assert cases.render("x", ["a"], renderer=RenduDesChamps()) == cases.render(
        "x", ["a"], renderer=DjangoTemplates()
    )
