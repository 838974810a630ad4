"""Les entrées du passage : la commande facturer AAAA-MM, les tâches et le
calendrier de beat."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from celery.schedules import crontab
from django.core.management import CommandError, call_command

from brest_numerique.celery import app
from internet_pour_tous.facturation import tasks
from internet_pour_tous.models import Echeance, Facturation
from tests.internet_pour_tous.facturation.conftest import abonne

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mi_mars():
    with time_machine.travel(date(2026, 3, 15), tick=False):
        yield


def test_la_commande_facture_le_mois_et_dit_ses_comptes(tarif):
    abonne((date(2025, 1, 1), None))
    sortie = StringIO()
    call_command("facturer", "2026-02", stdout=sortie)
    assert "02/2026 : 1 échéances créées, 0 déjà présentes, sur 1 attendues." in sortie.getvalue()
    assert Echeance.objects.filter(mois=date(2026, 2, 1)).count() == 1


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("2026/02", "Mois illisible"),
        ("fevrier", "Mois illisible"),
        ("2026-13", "Mois impossible"),
        ("2026-04", "mois à venir"),
    ],
)
def test_la_commande_refuse_un_mois_mal_ecrit_en_francais(tarif, argument, message):
    with pytest.raises(CommandError, match=message):
        call_command("facturer", argument, stdout=StringIO())
    assert not Echeance.objects.exists()


def test_la_commande_echoue_sans_tarif(db):
    with pytest.raises(CommandError, match="Aucun tarif"):
        call_command("facturer", "2026-03", stdout=StringIO())
    assert Facturation.objects.get().statut == Facturation.Statut.ECHOUEE


def test_les_taches_font_tourner_le_mois_courant_et_un_passage_lance(tarif):
    abonne((date(2025, 1, 1), None))
    passage = Facturation.objects.get(pk=tasks.facturer_le_mois())
    assert (passage.mois, passage.statut, passage.creees) == (date(2026, 3, 1), "terminee", 1)
    lance = Facturation.objects.create(mois=date(2026, 2, 1))
    assert tasks.facturer_passage(lance.pk) == lance.pk
    lance.refresh_from_db()
    assert (lance.statut, lance.creees) == (Facturation.Statut.TERMINEE, 1)
    assert tasks.facturer_passage(999_999) == 0


def test_beat_facture_le_premier_du_mois_a_six_heures_heure_de_paris():
    entree = app.conf.beat_schedule["internet-pour-tous-facturer"]
    assert entree["task"] == "internet_pour_tous.facturer_le_mois"
    assert entree["schedule"] == crontab(day_of_month=1, hour=6, minute=0)
    assert app.conf.timezone == "Europe/Paris"
    assert "internet_pour_tous.facturer_le_mois" in app.tasks
