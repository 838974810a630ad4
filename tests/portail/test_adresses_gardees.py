"""Les adresses inversées une fois par processus (brest_numerique/adresses.py) : les
mêmes que celles de reverse, sous tout préfixe et toute table d'adresses."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from hypothesis import given, settings
from hypothesis import strategies as st

from brest_numerique.adresses import adresse_a_slug, inverser

slugs = st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(slug=slugs, prefixe=st.sampled_from(["/", "/sous-site/", "/a/b/"]))
def test_l_adresse_a_slug_est_celle_de_reverse(slug, prefixe):
    set_script_prefix(prefixe)
    try:
        assert adresse_a_slug("papi:detail", slug) == reverse("papi:detail", args=[slug])
        assert adresse_a_slug("papi:signaler", slug) == reverse("papi:signaler", args=[slug])
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("slug", ["", "a/b", "médiathèque", "a b", "a?b", "../x"])
def test_un_slug_que_le_motif_refuse_leve_comme_reverse(slug):
    with pytest.raises(NoReverseMatch):
        reverse("papi:detail", args=[slug])
    with pytest.raises(NoReverseMatch):
        adresse_a_slug("papi:detail", slug)


def test_inverser_suit_le_prefixe_et_la_table_des_adresses():
    assert inverser("papi:liste") == "/papi/"
    set_script_prefix("/sous-site/")
    try:
        assert inverser("papi:liste") == "/sous-site/papi/"
    finally:
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF="papi.urls"), pytest.raises(NoReverseMatch):
        # Une autre table, où l'espace de noms « papi » n'existe pas.
        inverser("papi:liste")
    assert inverser("papi:liste") == "/papi/"
