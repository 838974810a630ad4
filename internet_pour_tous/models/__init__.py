"""Les modèles d'Internet pour tous, un module par notion : le territoire (bailleurs,
secteurs, consultations, résidences, logements), les abonnements et leurs périodes
d'activité, la facturation (tarifs, échéances, relevés, passages)."""

from internet_pour_tous.models.abonnements import (
    Abonnement,
    Accompagnement,
    HistoriqueAbonnement,
    PeriodeActivite,
)
from internet_pour_tous.models.facturation import Echeance, Facturation, Releve, Tarif
from internet_pour_tous.models.territoire import (
    Bailleur,
    Consultation,
    HistoriqueSecteur,
    Logement,
    Residence,
    Secteur,
)

__all__ = [
    "Abonnement",
    "Accompagnement",
    "Bailleur",
    "Consultation",
    "Echeance",
    "Facturation",
    "HistoriqueAbonnement",
    "HistoriqueSecteur",
    "Logement",
    "PeriodeActivite",
    "Releve",
    "Residence",
    "Secteur",
    "Tarif",
]
