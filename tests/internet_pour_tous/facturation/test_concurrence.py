"""Deux passages du même mois en même temps, sur le vrai PostgreSQL, chacun dans
son fil et sa connexion : aucun doublon, les deux finissent proprement, et leurs
comptes se complètent."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
import time_machine
from django.db import connection

from internet_pour_tous.facturation import services
from internet_pour_tous.models import Echeance, Facturation, Releve
from tests.internet_pour_tous.factories import TarifFactory
from tests.internet_pour_tous.facturation.conftest import abonne

ABONNEMENTS = 30


@pytest.mark.django_db(transaction=True)
def test_deux_passages_simultanes_ne_creent_aucun_doublon(monkeypatch):
    # De petites tranches : les deux passages se croisent sur plusieurs d'entre elles.
    monkeypatch.setattr(services, "TRANCHE", 4)
    TarifFactory(debut=date(2020, 1, 1))
    for _ in range(ABONNEMENTS):
        abonne((date(2025, 1, 1), None))
    depart = threading.Barrier(2)

    def passer(_rang: int) -> Facturation:
        try:
            depart.wait(timeout=30)
            return services.facturer(date(2026, 3, 1))
        finally:
            connection.close()

    with (
        time_machine.travel(date(2026, 3, 1), tick=True),
        ThreadPoolExecutor(max_workers=2) as fils,
    ):
        passages = list(fils.map(passer, range(2)))

    assert [p.statut for p in passages] == [Facturation.Statut.TERMINEE] * 2
    assert Echeance.objects.filter(mois=date(2026, 3, 1)).count() == ABONNEMENTS
    assert sum(p.creees for p in passages) == ABONNEMENTS
    assert all(p.creees + p.deja_la == p.attendues == ABONNEMENTS for p in passages)
    # Un relevé par bailleur, chaque échéance rattachée.
    assert Releve.objects.count() == ABONNEMENTS
    assert not Echeance.objects.filter(releve__isnull=True).exists()
