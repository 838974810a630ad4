"""Ce que l'appel à projets montre au reste du portail.

Les autres applications (l'accueil, la recherche) ne lisent l'appel à projets que
par ces fonctions. Tant qu'aucune édition n'existe, elles ne rendent rien.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone


@dataclass(frozen=True)
class AppelOuvert:
    titre: str
    cloture: datetime
    url: str


def appel_ouvert() -> AppelOuvert | None:
    """L'édition dont le dépôt est ouvert, s'il y en a une (celle qui ferme la
    première si deux se chevauchaient). Jugé à la seconde, comme le dépôt."""
    from projets.models import AppelAProjets

    maintenant = timezone.now().replace(microsecond=0)
    edition = (
        AppelAProjets.objects.filter(ouverture__lte=maintenant, cloture__gte=maintenant)
        .order_by("cloture")
        .only("annee", "titre", "cloture")
        .first()
    )
    if edition is None:
        return None
    return AppelOuvert(titre=edition.titre, cloture=edition.cloture, url=edition.get_absolute_url())
