"""Un seul lecteur de nombres venus de l'extérieur : chiffres ASCII, bornés."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brest_numerique.nombres import EntierField, entier


@pytest.mark.parametrize(
    "texte", ["²", "١٢", "𝟗", "٣", "1_000", " 12", "+3", "-3", "", "1e3", "9" * 19]
)
def test_ce_qui_n_est_pas_un_entier_ascii_borne_n_est_pas_un_nombre(texte):
    assert entier(texte) is None


@given(st.text())
def test_tout_texte_donne_un_entier_ascii_ou_rien_jamais_une_exception(texte):
    valeur = entier(texte)
    assert valeur is None or (texte.isascii() and texte.isdigit() and int(texte) == valeur)


@given(st.integers(min_value=0, max_value=10**6))
def test_un_entier_ecrit_en_chiffres_ascii_se_relit_tel_quel(nombre):
    assert entier(str(nombre)) == nombre


def test_les_bornes_sont_respectees():
    assert entier("0", minimum=1) is None
    assert entier("501", maximum=500) is None
    assert entier("500", maximum=500) == 500


@given(st.text())
def test_le_champ_de_formulaire_refuse_en_francais_ce_qui_n_est_pas_un_entier(texte):
    champ = EntierField(required=False)
    try:
        valeur = champ.clean(texte)
    except Exception as erreur:  # noqa: BLE001 - on vérifie la nature de l'erreur
        assert erreur.messages == ["Saisissez un nombre entier."]
    else:
        assert valeur is None or isinstance(valeur, int)
