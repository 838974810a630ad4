"""Les modèles de l'appel à projets, un module par notion : l'édition et ses
critères, la structure candidate et ses membres, le dossier et son budget."""

from projets.models.dossiers import (
    DemandeComplement,
    Dossier,
    FormeAide,
    HistoriqueDossier,
    LigneBudget,
    Public,
    Statut,
)
from projets.models.editions import AppelAProjets, CritereNotation, Phase, Theme
from projets.models.structures import Invitation, Membre, Structure, TypeStructure

__all__ = [
    "AppelAProjets",
    "CritereNotation",
    "DemandeComplement",
    "Dossier",
    "FormeAide",
    "HistoriqueDossier",
    "Invitation",
    "LigneBudget",
    "Membre",
    "Phase",
    "Public",
    "Statut",
    "Structure",
    "Theme",
    "TypeStructure",
]
