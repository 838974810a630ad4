import math

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from brest_numerique.cache_anonyme import cache_anonyme
from brest_numerique.nombres import entier
from papi import horaires
from papi.filtres import FiltresLieux
from papi.models import Lieu
from papi.services import communes, version_des_lieux

LIEUX_PAR_PAGE = 20
KM_PAR_DEGRE = 111.2


# Au-delà, une page de résultats n'est plus gardée en cache (elle reste servie).
PAGES_GARDEES = 500


def page_demandee(request, parametre: str) -> str | None:
    """« » sans numéro de page, « &page=N » pour un numéro valable et raisonnable,
    None (pas de cache) pour tout autre valeur."""
    if parametre not in request.GET:
        return ""
    numero = entier(request.GET[parametre], minimum=1, maximum=PAGES_GARDEES)
    return None if numero is None else f"&{parametre}={numero}"


def _cle_de_la_liste(request) -> str | None:
    filtres = FiltresLieux(request.GET, communes=communes())
    page = page_demandee(request, "page")
    # Une valeur invalide s'affiche avec son erreur : cette page-là ne se garde pas.
    if page is None or not filtres.sans_erreur(autres=("page",)):
        return None
    return filtres.requete_canonique() + page


# Une minute de cache : l'état « ouvert maintenant » reste juste à la minute près.
@require_safe
@cache_anonyme(prefixe="papi-liste", duree=60, versions=(version_des_lieux,), cle=_cle_de_la_liste)
def liste(request):
    filtres = FiltresLieux(request.GET, communes=communes())
    lieux = filtres.appliquer(Lieu.objects.publies())
    page = Paginator(lieux, LIEUX_PAR_PAGE).get_page(request.GET.get("page"))
    maintenant = timezone.now()
    for lieu in page:
        lieu.etat = horaires.etat(lieu.horaires, maintenant)
        distance2 = getattr(lieu, "distance2", None)
        lieu.distance_km = math.sqrt(distance2) * KM_PAR_DEGRE if distance2 is not None else None
    valeurs = filtres.valeurs()
    return render(
        request,
        "papi/liste.html",
        {
            "filtres": filtres,
            "page": page,
            "requete": filtres.requete_canonique(),
            "distance_impossible": valeurs.get("tri") == "distance"
            and not filtres.point_de_reference(valeurs),
            "tuiles": settings.MAP_TILE_URL,
        },
    )
