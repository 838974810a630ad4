"""Cinquante dépôts à la dernière minute, en même temps, sur le vrai PostgreSQL :
chacun a son numéro, aucun ne se perd. Chaque fil a sa connexion (Django en ouvre
une par fil) et la ferme en sortant."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from projets.models import Dossier
from tests.projets.factories import DossierFactory, EditionFactory, candidat

FILS = 50


@pytest.mark.django_db(transaction=True)
def test_cinquante_depots_simultanes_a_la_derniere_minute_ont_chacun_leur_numero():
    edition = EditionFactory()
    dossiers = [DossierFactory(edition=edition) for _ in range(FILS)]
    membres = [candidat(dossier.structure) for dossier in dossiers]
    depart = threading.Barrier(FILS)

    def deposer(rang: int) -> int:
        try:
            client = Client()
            client.force_login(membres[rang])
            adresse = reverse("projets:dossier_deposer", kwargs={"dossier": dossiers[rang].pk})
            # Tous partent ensemble : les dépôts se disputent le verrou de l'édition.
            depart.wait(timeout=60)
            return client.post(adresse).status_code
        finally:
            connection.close()

    # Une minute avant la clôture ; l'horloge avance pendant les dépôts.
    with (
        time_machine.travel(edition.cloture - timedelta(minutes=1), tick=True),
        ThreadPoolExecutor(max_workers=FILS) as fils,
    ):
        statuts = list(fils.map(deposer, range(FILS)))

    assert statuts == [302] * FILS
    deposes = Dossier.objects.filter(edition=edition)
    assert deposes.filter(statut=Dossier.Statut.DEPOSE).count() == FILS
    numeros = sorted(deposes.values_list("numero", flat=True))
    assert numeros == [f"AAP-{edition.annee}-{rang:04d}" for rang in range(1, FILS + 1)]
    edition.refresh_from_db()
    assert edition.dernier_rang == FILS
    assert all(
        dossier.historique.filter(vers=Dossier.Statut.DEPOSE).count() == 1
        for dossier in deposes.prefetch_related("historique")
    )
