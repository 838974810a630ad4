"""Le plancher d'écriture du banc (commentaires/plancher.py) : absent hors du banc,
et quand le banc l'active, une ligne écrite et une tâche en file, rien d'autre."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from brest_numerique.celery import app as celery_app
from commentaires.models import Commentaire
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

CORPS = {"nom": "Lecteur 1", "email": "depot-1@depot.exemple.fr", "texte": "Bonjour."}


@pytest.fixture
def adresse():
    lieu = LieuFactory()
    return reverse("plancher_ecriture", args=[ContentType.objects.get_for_model(lieu).pk, lieu.pk])


@pytest.fixture
def courtier():
    """Le vrai courtier Redis des tests, sans exécution des tâches dans le processus :
    ce qui est mis en file y reste, et purge() le compte."""
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    yield
    celery_app.control.purge()


@pytest.mark.parametrize("methode", ["get", "post"])
def test_le_plancher_d_ecriture_n_existe_pas_hors_du_banc(client, adresse, courtier, methode):
    assert getattr(client, methode)(adresse, CORPS).status_code == 404
    assert not Commentaire.objects.exists()
    assert celery_app.control.purge() == 0


def test_le_plancher_ecrit_une_ligne_et_met_une_tache_en_file(
    client, adresse, courtier, settings, django_assert_num_queries
):
    settings.PLANCHER_ACTIF = True

    with django_assert_num_queries(1):
        reponse = client.post(adresse, CORPS)

    assert reponse.status_code == 204
    ligne = Commentaire.objects.get()
    assert ligne.email == "depot-1@plancher.exemple.fr"
    assert ligne.texte == "Bonjour."
    # Jamais montrée, rien à faire pour le worker : la tâche n'y trouve pas de suites.
    assert ligne.statut == Commentaire.Statut.EN_ATTENTE_CONFIRMATION
    assert not ligne.suites_en_attente
    assert celery_app.control.purge() == 1


def test_le_plancher_d_ecriture_ne_repond_qu_au_post(client, adresse, settings):
    settings.PLANCHER_ACTIF = True

    assert client.get(adresse).status_code == 405
    assert not Commentaire.objects.exists()
