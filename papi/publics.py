"""Ce que le PAPI offre aux autres applications du portail : les lieux publiés les
plus proches d'un point (Internet pour tous les propose aux foyers non couverts)."""

import math

from papi.models import Lieu

KM_PAR_DEGRE = 111.2  # comme la liste des lieux (papi/views.py)

ATELIER_COLLECTIF = "Dans un atelier collectif"


def _avec_distance(lieux) -> list[Lieu]:
    lieux = list(lieux)
    for lieu in lieux:
        lieu.distance_km = round(math.sqrt(lieu.distance2) * KM_PAR_DEGRE, 1)
    return lieux


def lieux_les_plus_proches(latitude: float, longitude: float, nombre: int = 3) -> list[Lieu]:
    """Les `nombre` lieux publiés les plus proches, du plus proche au plus lointain,
    chacun avec `distance_km` (à vol d'oiseau, arrondie à 100 m). Une requête."""
    lieux = Lieu.objects.publies().par_distance(latitude, longitude)
    return _avec_distance(lieux.only(*_CHAMPS)[:nombre])


def ateliers_les_plus_proches(latitude: float, longitude: float, nombre: int = 3) -> list[Lieu]:
    """Les lieux publiés les plus proches qui proposent des ateliers collectifs
    (l'accompagnement des débutants), avec `distance_km`. Une requête."""
    lieux = (
        Lieu.objects.publies()
        .avec("modalites_accompagnement", ATELIER_COLLECTIF)
        .par_distance(latitude, longitude)
    )
    return _avec_distance(lieux.only(*_CHAMPS)[:nombre])


_CHAMPS = ("nom", "slug", "adresse", "code_postal", "commune", "latitude", "longitude", "telephone")
