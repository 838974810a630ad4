"""Ce que l'appel à projets montre au reste du portail.

Les autres applications (l'accueil, la recherche) ne lisent l'appel à projets que
par ces fonctions. Tant qu'aucune édition n'existe, elles ne rendent rien.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AppelOuvert:
    titre: str
    cloture: datetime
    url: str


def appel_ouvert() -> AppelOuvert | None:
    """L'édition dont le dépôt est ouvert, s'il y en a une."""
    return None
