"""Le champ piège commun aux formulaires publics (brest_numerique/pieges.py)."""

from django import forms

from brest_numerique.pieges import ChampPiegeMixin
from papi.forms import SignalementForm


class FormulaireQuelconque(ChampPiegeMixin, forms.Form):
    texte = forms.CharField()


def test_le_champ_piege_est_facultatif_hors_tabulation_et_sans_saisie_automatique():
    champ = FormulaireQuelconque().fields["site_web"]

    assert not champ.required
    assert champ.label == "Ne pas remplir ce champ"
    assert champ.widget.attrs == {"tabindex": "-1", "autocomplete": "off"}


def test_un_envoi_qui_remplit_le_piege_vient_d_un_robot():
    assert FormulaireQuelconque({"texte": "a", "site_web": "http://spam.example"}).est_un_robot()
    assert not FormulaireQuelconque({"texte": "a", "site_web": "  "}).est_un_robot()
    assert not FormulaireQuelconque({"texte": "a"}).est_un_robot()


def test_le_piege_suit_le_prefixe_du_formulaire():
    assert FormulaireQuelconque({"f-site_web": "x"}, prefix="f").est_un_robot()
    assert not FormulaireQuelconque({"site_web": "x"}, prefix="f").est_un_robot()


def test_le_formulaire_de_signalement_porte_le_piege_commun():
    assert issubclass(SignalementForm, ChampPiegeMixin)
    assert set(SignalementForm().fields) == {"message", "email", "site_web"}
