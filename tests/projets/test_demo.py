"""Les données d'exemple de l'appel à projets : trois éditions dont une ouverte, 30
structures, environ 120 dossiers dans chaque état, tous étiquetés, sans courriel."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from brest_numerique.notifications.models import Notification
from projets.models import AppelAProjets, Dossier, Phase, Structure
from projets.publics import appel_ouvert

pytestmark = pytest.mark.django_db


def test_la_demonstration_couvre_chaque_etat_et_reste_idempotente(settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    avant = Dossier.objects.count()
    call_command("demo", stdout=io.StringIO())

    assert Dossier.objects.count() == avant
    assert 110 <= avant <= 130
    editions = list(AppelAProjets.objects.order_by("annee"))
    assert [e.phase() for e in editions] == [
        Phase.RESULTATS_PUBLIES,
        Phase.RESULTATS_PUBLIES,
        Phase.OUVERT,
    ]
    assert all("(exemple)" in e.titre for e in editions)
    assert Structure.objects.count() == 30
    assert not Structure.objects.exclude(nom__endswith="(exemple)").exists()
    etats = set(Dossier.objects.values_list("statut", flat=True))
    assert etats == set(Dossier.Statut.values)
    # Numéros uniques et suivis par édition, comme au dépôt.
    for edition in editions:
        rangs = list(
            edition.dossiers.exclude(rang=None).order_by("rang").values_list("rang", flat=True)
        )
        assert rangs == list(range(1, len(rangs) + 1)) == list(range(1, edition.dernier_rang + 1))
    # Chaque dossier déposé a un budget équilibré et un historique qui finit dans son état.
    for dossier in Dossier.objects.exclude(statut="brouillon").annotate(n=Count("historique")):
        assert dossier.erreurs_de_depot() == [], dossier
        assert dossier.historique.order_by("-pk").first().vers == dossier.statut
    assert not Notification.objects.filter(sorte__startswith="dossier").exists()


def test_la_citoyenne_d_exemple_a_des_dossiers_et_l_appel_ouvert_se_voit(settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())

    assert Dossier.objects.filter(structure__membres__user__email="citoyen@exemple.fr").exists()
    ouvert = appel_ouvert()
    assert ouvert is not None and "(exemple)" in ouvert.titre
