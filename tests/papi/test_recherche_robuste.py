"""Aucun texte ne peut faire refuser la recherche par PostgreSQL : la requête est
faite des seuls mots du texte, bornés en nombre et en longueur."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from papi.models import Lieu
from papi.querysets import LONGUEUR_MOT_MAX, MOTS_MAX, mots_recherches
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

# Les opérateurs de tsquery et de websearch_to_tsquery, et de quoi les empiler.
OPERATEURS = "!&|:*()<->\"'\\-_ "


@pytest.fixture
def mediatheque():
    lieu = LieuFactory(nom="Médiathèque François Mitterrand")
    return lieu


@pytest.mark.parametrize(
    "texte",
    ["!(" * 60, "a <-> " * 200, '"' + "-" * 90, "!" * 100, "(((((a)))))" * 8, "a:* & !b | c" * 8],
)
def test_des_operateurs_empiles_donnent_une_page_et_jamais_une_erreur(client, texte):
    for adresse in ("/papi/", "/papi/lieux.geojson"):
        assert client.get(adresse, {"q": texte}).status_code == 200


def test_des_signes_seuls_donnent_zero_resultat_et_un_message(client, mediatheque):
    page = client.get("/papi/", {"q": "!!! ((( )))"}).content.decode()

    assert "Médiathèque François" not in page
    assert "Tapez au moins un mot" in page


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(alphabet=st.one_of(st.sampled_from(OPERATEURS), st.characters()), max_size=100))
@example("!(" * 50)
@example("a " * 100)
def test_n_importe_quel_texte_se_recherche_sans_erreur_de_la_base(mediatheque, texte):
    mots = mots_recherches(texte)
    assert len(mots) <= MOTS_MAX and all(len(m) <= LONGUEUR_MOT_MAX for m in mots)
    list(Lieu.objects.rechercher(texte).values_list("pk", flat=True))


def test_un_debut_de_mot_sans_accent_trouve_le_lieu(mediatheque):
    assert list(Lieu.objects.rechercher("mediath mitter")) == [mediatheque]
