"""Paginateur (brest_numerique/pagination.py) : les mêmes pages que le Paginator
de Django, quel que soit le numéro demandé, et une requête de moins quand la
première page tient tout."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from brest_numerique.pagination import Paginateur, tranche_de_la_page
from papi.models import Commune

NUMEROS = st.one_of(
    st.none(),
    st.sampled_from(["", "1", "2", "3", "0", "-1", "abc", "1.5", "999"]),
    st.integers(min_value=-2, max_value=5),
)


def _vue(page) -> tuple:
    return (
        page.number,
        list(page),
        page.paginator.count,
        page.paginator.num_pages,
        page.has_next(),
        page.has_previous(),
        page.start_index(),
        page.end_index(),
    )


@settings(max_examples=200, deadline=None)
@given(
    taille=st.integers(min_value=0, max_value=25),
    par_page=st.integers(min_value=1, max_value=10),
    orphelins=st.integers(min_value=0, max_value=3),
    vide_permis=st.booleans(),
    numero=NUMEROS,
)
def test_memes_pages_que_django(taille, par_page, orphelins, vide_permis, numero):
    elements = list(range(taille))
    options = {"orphans": orphelins, "allow_empty_first_page": vide_permis}

    def page_de(classe):
        try:
            return _vue(classe(elements, par_page, **options).get_page(numero))
        except Exception as exc:  # même exception de part et d'autre
            return type(exc)

    assert page_de(Paginateur) == page_de(Paginator)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("numero", "requetes_attendues"),
    [
        # Les huit communes tiennent sur la première page : pas de COUNT.
        (None, 1),
        ("1", 1),
        # Une autre page demandée : le total d'abord, comme Django.
        ("2", 2),
    ],
)
def test_une_premiere_page_qui_tient_tout_ne_compte_pas(numero, requetes_attendues):
    communes = Commune.objects.order_by("code_insee")
    with CaptureQueriesContext(connection) as requetes:
        page = Paginateur(communes, 10).get_page(numero)
        vue = _vue(page)
    assert len(requetes) == requetes_attendues
    assert vue == _vue(Paginator(communes, 10).get_page(numero))
    assert vue[2] == 8


@pytest.mark.django_db
def test_une_premiere_page_pleine_compte_le_total_a_la_demande():
    communes = Commune.objects.order_by("code_insee")
    page = Paginateur(communes, 5).get_page(None)
    assert [c.code_insee for c in page] == [c.code_insee for c in communes[:5]]
    assert page.paginator.num_pages == 2
    assert page.has_next()


@settings(max_examples=200, deadline=None)
@given(
    taille=st.integers(min_value=0, max_value=40),
    par_page=st.integers(min_value=1, max_value=10),
    orphelins=st.integers(min_value=0, max_value=3),
    numero=NUMEROS,
)
def test_la_tranche_lue_depuis_l_un_ou_l_autre_bout_est_celle_de_la_page(
    taille, par_page, orphelins, numero
):
    elements = list(range(taille))
    page = Paginator(elements, par_page, orphans=orphelins).get_page(numero)

    tranche = tranche_de_la_page(page, elements, elements[::-1])

    assert sorted(tranche) == list(page.object_list)


@pytest.mark.django_db
@pytest.mark.parametrize(
    # Huit communes, deux par page : la page 2 en a deux avant elle et quatre après.
    ("numero", "depuis_la_fin"),
    [("1", False), ("2", False), ("3", True), ("4", True)],
)
def test_une_page_proche_de_la_fin_se_lit_depuis_la_fin(numero, depuis_la_fin):
    communes = Commune.objects.values_list("code_insee", flat=True)
    page = Paginator(communes.order_by("code_insee"), 2).get_page(numero)

    tranche = tranche_de_la_page(
        page, communes.order_by("code_insee"), communes.order_by("-code_insee")
    )
    with CaptureQueriesContext(connection) as requetes:
        lus = list(tranche)

    assert sorted(lus) == list(page.object_list)
    assert ("DESC" in requetes[0]["sql"]) is depuis_la_fin


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(
    par_page=st.integers(min_value=1, max_value=10),
    orphelins=st.integers(min_value=0, max_value=3),
    numero=NUMEROS,
)
def test_le_total_lu_avec_les_lignes_donne_les_memes_pages(par_page, orphelins, numero):
    """`compter_dans_la_page` : la première page lit son total avec ses lignes, en
    une seule requête, pleine ou non ; toute page est celle de Django."""
    communes = Commune.objects.order_by("code_insee")

    def page_de(classe, **options):
        try:
            return _vue(classe(communes, par_page, orphans=orphelins, **options).get_page(numero))
        except Exception as exc:  # même exception de part et d'autre
            return type(exc)

    with CaptureQueriesContext(connection) as requetes:
        vue = page_de(Paginateur, compter_dans_la_page=True)
    assert vue == page_de(Paginator)
    if numero in (None, "", 1, "1"):
        assert len(requetes) == 1
