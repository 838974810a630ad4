"""La lecture des filtres gardée dans le processus (papi/filtres.py, LECTURES) :
pour toute chaîne de requête, la même requête canonique et le même verdict que le
formulaire bâti à neuf, la première fois comme les suivantes."""

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.utils.http import urlencode
from hypothesis import given, settings
from hypothesis import strategies as st

from papi.filtres import LECTURES, FiltresLieux, lecture_des_filtres
from papi.services import communes

pytestmark = pytest.mark.django_db

PARAMETRES = st.sampled_from(
    ["q", "adresse", "commune", "service", "ouvert", "wifi", "tri", "lat", "lon", "page", "_", "x"]
)
VALEURS = st.one_of(
    st.sampled_from(["", "on", "29019", "distance", "48.39", "-500", "Brest", "!!!", "2"]),
    st.text(max_size=12),
)


@settings(max_examples=120, deadline=None)
@given(parametres=st.lists(st.tuples(PARAMETRES, VALEURS), max_size=5))
def test_meme_lecture_que_le_formulaire_a_neuf(parametres):
    LECTURES.vider()
    requete = QueryDict(urlencode(parametres))
    formulaire = FiltresLieux(requete, communes=communes())
    attendu = (formulaire.requete_canonique(), formulaire.sans_erreur(autres=("page",)))

    premiere = lecture_des_filtres(requete)
    seconde = lecture_des_filtres(QueryDict(urlencode(parametres)))

    assert (premiere.canonique, premiere.valide) == attendu
    assert (seconde.canonique, seconde.valide) == attendu
    # Bâti la première fois, et rendu pour que la vue le reprenne ; connu ensuite.
    assert isinstance(premiere.formulaire, FiltresLieux)
    assert seconde.formulaire is None


def test_vider_le_cache_de_django_oublie_les_lectures():
    requete = QueryDict("commune=29019&q=mediatheque")
    lecture_des_filtres(requete)
    assert lecture_des_filtres(requete).formulaire is None
    cache.clear()
    assert lecture_des_filtres(requete).formulaire is not None
