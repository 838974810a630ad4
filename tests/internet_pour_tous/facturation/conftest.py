"""Ce que partagent les tests de la facturation : un abonnement et ses périodes
d'activité écrites telles quelles (la règle ne lit que les périodes)."""

from datetime import date
from decimal import Decimal

import pytest

from internet_pour_tous.models import Abonnement, PeriodeActivite
from tests.internet_pour_tous.factories import AbonnementFactory, TarifFactory


def abonne(*periodes: tuple[date, date | None], **champs) -> Abonnement:
    """Un abonnement avec ces périodes [debut, fin) ; la dernière peut rester ouverte."""
    abonnement = AbonnementFactory(statut=Abonnement.Statut.ACTIF, **champs)
    PeriodeActivite.objects.bulk_create(
        PeriodeActivite(abonnement=abonnement, debut=debut, fin=fin) for debut, fin in periodes
    )
    return abonnement


@pytest.fixture
def tarif(db):
    return TarifFactory(montant=Decimal("1.10"), debut=date(2020, 1, 1))
