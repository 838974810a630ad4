"""brest_numerique.cache_anonyme._remplir : chaque trou d'une page gardée reçoit la
valeur de la requête, calculée une fois même quand le trou revient."""

from collections import Counter

from django.test import RequestFactory

from brest_numerique import cache_anonyme
from brest_numerique.cache_anonyme import _remplir


def test_chaque_trou_est_rempli_partout_d_une_seule_valeur(monkeypatch):
    appels = Counter()

    def valeur(nom):
        def calculer(request):
            appels[nom] += 1
            return f"<{nom}-{request.path}>"

        return calculer

    monkeypatch.setattr(cache_anonyme, "TROUS", {"trou-a": valeur("a"), "trou-b": valeur("b")})
    page = b"debut trou-a milieu trou-b trou-a trou-atrou-a fin trou-c"

    rempli = _remplir(page, RequestFactory().get("/fiche/"))

    assert rempli == (
        b"debut <a-/fiche/> milieu <b-/fiche/> <a-/fiche/> <a-/fiche/><a-/fiche/> fin trou-c"
    )
    assert appels == {"a": 1, "b": 1}


def test_une_page_sans_trou_ressort_telle_quelle(monkeypatch):
    monkeypatch.setattr(cache_anonyme, "TROUS", {"trou-a": lambda request: "jamais"})
    assert _remplir(b"rien \xc3\xa0 remplir", RequestFactory().get("/")) == b"rien \xc3\xa0 remplir"
