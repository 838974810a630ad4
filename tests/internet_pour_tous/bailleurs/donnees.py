"""Deux bailleurs et leurs chiffres, pour les tests de l'espace bailleur et du
tableau de bord : chacun un secteur déployé, une résidence, des logements, des
abonnements (actifs, demandés, résiliés) et un relevé de mois avec ses échéances."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from internet_pour_tous.models import Abonnement, Bailleur, Echeance, Releve, Secteur
from tests.internet_pour_tous.factories import (
    AbonnementFactory,
    BailleurFactory,
    LogementFactory,
    ResidenceFactory,
    SecteurFactory,
)

MOIS = date(2026, 11, 1)


@dataclass
class Parc:
    bailleur: Bailleur
    secteur: Secteur
    releve: Releve
    actifs: list[Abonnement]


def parc(nom: str, *, logements: int = 4, actifs: int = 2, accompagnement=()) -> Parc:
    bailleur = BailleurFactory(nom=nom)
    secteur = SecteurFactory(bailleur=bailleur, nom=f"Secteur {nom}")
    residence = ResidenceFactory(secteur=secteur, nom=f"Résidence {nom}")
    lieux = LogementFactory.create_batch(logements, residence=residence)
    abonnes = [
        AbonnementFactory(
            logement=lieu,
            actif=True,
            titulaire=f"Titulaire {nom} {rang}",
            email=f"foyer-{rang}@{bailleur.slug}.exemple.fr",
            telephone="06 12 34 56 78",
            accompagnement=list(accompagnement),
        )
        for rang, lieu in enumerate(lieux[:actifs])
    ]
    releve = Releve.objects.create(bailleur=bailleur, mois=MOIS)
    Echeance.objects.bulk_create(
        Echeance(
            abonnement=a,
            mois=MOIS,
            montant=Decimal("2.00"),
            releve=releve,
            statut=Echeance.Statut.IMPAYEE if rang == 0 else Echeance.Statut.PAYEE,
        )
        for rang, a in enumerate(abonnes)
    )
    return Parc(bailleur, secteur, releve, abonnes)
