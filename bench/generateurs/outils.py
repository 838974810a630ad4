"""Ce que partagent les générateurs du banc : leur description, l'insertion par
lots, les noms des personnes générées."""

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice

from django.db import models
from django.utils import timezone

TAILLE_LOT = 2000
# Mot de passe commun à tous les usagers générés et au webmestre du banc.
MOT_DE_PASSE_USAGERS = "banc-d-essai-brest-numerique"
# Le compte avec lequel le banc mesure les pages réservées (file de modération).
EMAIL_WEBMESTRE = "webmestre-banc@exemple.fr"

# fmt: off
PRENOMS = [
    "Anne", "Yann", "Gwenaëlle", "Erwan", "Maëlle", "Loïc", "Nolwenn", "Ronan", "Sophie",
    "Mathieu", "Fatima", "Karim", "Léa", "Hugo", "Chloé", "Thomas", "Inès", "Louis",
]
NOMS = [
    "Le Gall", "Le Bras", "Kerbrat", "Morvan", "Le Roux", "Tanguy", "Guillou", "Quéré",
    "Martin", "Bernard", "Petit", "Diallo", "Nguyen", "Moreau", "Le Goff", "Jaouen",
]
# fmt: on


@dataclass(frozen=True)
class Generateur:
    """Ce qu'une application fournit au banc pour y verser ses données."""

    application: str
    libelle: str  # ce que l'on compte, au pluriel : « usagers »
    par_echelle: int  # lignes créées par unité d'échelle
    compter: Callable[[], int]
    supprimer: Callable[[], object]
    creer: Callable[[int, random.Random], None]
    fixe: int = 0  # lignes créées en plus, quelle que soit l'échelle


def inserer_par_lots(modele: type[models.Model], lignes: Iterable[models.Model]) -> int:
    """bulk_create par lots de TAILLE_LOT, sans jamais tenir toute la liste en mémoire."""
    total, lignes = 0, iter(lignes)
    while lot := list(islice(lignes, TAILLE_LOT)):
        modele.objects.bulk_create(lot, batch_size=TAILLE_LOT)
        total += len(lot)
    return total


def instant_passe(alea: random.Random, *, jours: int) -> datetime:
    return timezone.now() - timedelta(seconds=alea.randrange(jours * 86400))
