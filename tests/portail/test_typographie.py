"""« 1er octobre » et les montants : le mécanisme unique de brest_numerique/typographie.py,
vu par chaque chemin qui écrit une date (filtre date, date implicite d'un gabarit,
date_format en Python, localize de l'administration) ou un montant."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation
from hypothesis import given
from hypothesis import strategies as st

from brest_numerique.typographie import entier, euros, format_du_jour


def rendu(source: str, **contexte) -> str:
    return Template("{% load typographie %}" + source).render(Context(contexte))


@pytest.mark.parametrize(
    ("jour", "format_de_date", "attendu"),
    [
        (date(2026, 10, 1), "j F Y", "1er octobre 2026"),
        (date(2026, 10, 2), "j F Y", "2 octobre 2026"),
        (date(2026, 6, 1), "l j F", "lundi 1er juin"),
        (date(2026, 6, 1), "j", "1er"),
        (date(2026, 6, 1), "d/m/Y", "01/06/2026"),
        (date(2026, 6, 1), "j/n/Y", "1/6/2026"),  # « 1er/6 » serait faux
        (date(2026, 6, 1), r"\j j F", "j 1er juin"),  # un « j » échappé reste une lettre
    ],
)
def test_le_filtre_date_ecrit_1er_le_premier_du_mois(jour, format_de_date, attendu):
    assert rendu("{{ jour|date:f }}", jour=jour, f=format_de_date) == attendu


def test_une_date_affichee_sans_filtre_ecrit_aussi_1er():
    assert rendu("{{ jour }}", jour=date(2026, 10, 1)) == "1er octobre 2026"
    assert formats.localize(date(2026, 10, 1)) == "1er octobre 2026"  # l'administration


def test_date_format_du_code_python_ecrit_1er():
    assert formats.date_format(date(2026, 10, 1), "j F Y") == "1er octobre 2026"
    assert formats.date_format(date(2026, 10, 11), "j F Y") == "11 octobre 2026"


def test_le_premier_du_mois_se_lit_a_l_heure_de_paris():
    # 30 septembre 23 h 30 UTC : 1er octobre 1 h 30 à Paris.
    moment = datetime(2026, 9, 30, 23, 30, tzinfo=UTC)
    assert rendu('{{ moment|date:"j F Y à H:i" }}', moment=moment) == "1er octobre 2026 à 01:30"


def test_en_anglais_le_jour_reste_un_nombre():
    with translation.override("en"):
        assert formats.date_format(date(2026, 10, 1), "j F Y") == "1 October 2026"


def test_format_du_jour_ne_change_que_le_premier():
    assert format_du_jour("j F Y", 1) == r"j\e\r F Y"
    assert format_du_jour("j F Y", 21) == "j F Y"


@pytest.mark.parametrize(
    ("montant", "decimales", "attendu"),
    [
        (Decimal("1.1"), 2, "1,10\u00a0€"),
        (Decimal("1234.5"), 2, "1\u00a0234,50\u00a0€"),
        (3000, "-2", "3\u00a0000\u00a0€"),
        (Decimal("12.5"), "-2", "12,50\u00a0€"),
        (Decimal("12499.6"), 0, "12\u00a0500\u00a0€"),
        (None, 2, ""),
        ("pas un nombre", 2, ""),
    ],
)
def test_un_montant_s_ecrit_avec_virgule_et_espaces_insecables(montant, decimales, attendu):
    assert euros(montant, decimales) == attendu
    assert rendu("{{ m|euros:d }}", m=montant, d=decimales) == attendu


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_un_entier_s_ecrit_comme_number_format_en_francais(nombre):
    with translation.override("fr"):
        assert entier(nombre) == formats.number_format(nombre, force_grouping=True)
