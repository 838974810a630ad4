"""Le lookup `__parmi` (brest_numerique/lookups.py) : les mêmes lignes que `__in`,
pour des valeurs, des doublons, des NULL ou une liste vide, et un seul paramètre
SQL quelle que soit la longueur de la liste."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papi.models import Commune, Creneau
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

# Ni NUL ni demi-code de substitution (catégorie Cs) : PostgreSQL refuse l'un, UTF-8
# ne sait pas écrire l'autre, et aucun des deux ne sort d'une requête HTTP décodée.
TEXTES = st.text(
    st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=6
)
CODES_OU_AUTRES = st.lists(
    st.one_of(st.sampled_from(["29019", "29075", "29189", "2A004"]), TEXTES), max_size=8
)


def _codes(**filtre) -> list[str]:
    return sorted(Commune.objects.filter(**filtre).values_list("code_insee", flat=True))


@settings(max_examples=60, deadline=None)
@given(codes=CODES_OU_AUTRES, avec_nul=st.booleans())
def test_memes_communes_que_in(codes, avec_nul):
    liste = [*codes, None] if avec_nul else codes
    assert _codes(code_insee__parmi=liste) == _codes(code_insee__in=liste)


def test_des_milliers_de_valeurs_tiennent_en_un_parametre():
    codes = [f"{n:05d}" for n in range(5000)] + ["29019"]
    requete = Commune.objects.filter(code_insee__parmi=codes).values_list("code_insee")

    sql, parametres = requete.query.sql_with_params()

    assert 'WHERE "papi_commune"."code_insee" = ANY(%s) ORDER' in sql
    assert parametres == (codes,)
    assert [code for (code,) in requete] == ["29019"]


def test_une_cle_etrangere_accepte_des_cles_ou_des_objets():
    premier, second = LieuFactory(horaires="Mo 09:00-12:00"), LieuFactory(horaires="Tu 09:00-10:00")

    par_cle = Creneau.objects.filter(lieu_id__parmi=[second.pk])
    par_objet = Creneau.objects.filter(lieu__parmi=[premier])

    assert list(par_cle.values_list("jour", flat=True)) == [1]
    assert list(par_objet.values_list("jour", flat=True)) == [0]
    assert not Creneau.objects.filter(lieu__parmi=[]).exists()
