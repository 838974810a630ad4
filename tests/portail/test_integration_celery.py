"""Un vrai worker Celery, sur le vrai courtier Redis, contre la vraie base."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connection, transaction

from brest_numerique.celery import app as celery_app
from brest_numerique.notifications.models import Notification
from brest_numerique.notifications.services import notify

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _fermer_connexion(**kwargs):
    # Le worker tourne dans un fil à part : sa connexion doit être rendue pour que
    # la base de test puisse être supprimée en fin de session.
    connection.close()


@pytest.fixture
def worker():
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    task_postrun.connect(_fermer_connexion)
    with start_worker(
        celery_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30
    ) as w:
        yield w
    task_postrun.disconnect(_fermer_connexion)


def _attendre(condition, delai: float = 90.0) -> bool:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_deux_cents_notifications_sont_livrees_exactement_une_fois(worker):
    with transaction.atomic():
        for i in range(200):
            notify(kind="bienvenue", to=f"habitant{i}@exemple.fr", key=f"integration:{i}")
    # La moitié des tâches est mise en file une seconde fois, comme le ferait le
    # balayage ou un courtier qui relivre : rien ne doit partir deux fois.
    from brest_numerique.notifications.tasks import envoyer_notification

    for pk in Notification.objects.order_by("pk").values_list("pk", flat=True)[:100]:
        envoyer_notification.delay(pk)

    assert _attendre(lambda: not Notification.objects.en_attente().exists())
    # Laisse aux tâches en double le temps de passer (et de ne rien faire).
    assert _attendre(lambda: len(mail.outbox) >= 200)
    time.sleep(1)

    assert Notification.objects.filter(statut=Notification.Statut.ENVOYEE).count() == 200
    destinataires = [message.to[0] for message in mail.outbox]
    assert len(destinataires) == 200
    assert len(set(destinataires)) == 200
    assert set(Notification.objects.values_list("tentatives", flat=True)) == {1}


def test_un_depot_de_commentaire_recoit_son_courriel_par_le_worker(client, worker):
    from commentaires.models import Commentaire
    from tests.commentaires.outils import deposer
    from tests.papi.factories import LieuFactory

    lieu = LieuFactory(nom="Médiathèque de Bellevue")

    # La réponse part avant les suites : c'est le worker qui écrit puis envoie le courriel.
    assert deposer(client, lieu, email="gwen@exemple.fr").status_code == 302

    assert _attendre(lambda: len(mail.outbox) >= 1)
    commentaire = Commentaire.objects.get()
    assert commentaire.suites_en_attente is False
    assert commentaire.statut == Commentaire.Statut.EN_ATTENTE_CONFIRMATION
    (courriel,) = mail.outbox
    assert courriel.to == ["gwen@exemple.fr"]
    assert "/commentaires/confirmer/" in courriel.body


def test_la_sante_est_bonne_quand_un_worker_repond(client, worker):
    reponse = client.get("/sante/")

    assert reponse.status_code == 200
    donnees = reponse.json()
    assert donnees["statut"] == "ok"
    assert set(donnees["verifications"]) == {
        "base_de_donnees",
        "cache",
        "courtier",
        "workers",
        "boite_d_envoi",
    }


def test_la_sante_est_en_panne_sans_worker(client):
    celery_app.conf.task_always_eager = False

    reponse = client.get("/sante/")

    assert reponse.status_code == 503
    assert reponse.json()["statut"] == "en_panne"
    assert reponse.json()["verifications"]["workers"] == "erreur"
    assert reponse.json()["verifications"]["base_de_donnees"] == "ok"


def test_la_portee_web_ignore_les_workers(client):
    celery_app.conf.task_always_eager = False

    reponse = client.get("/sante/?portee=web")

    assert reponse.status_code == 200
    assert set(reponse.json()["verifications"]) == {"base_de_donnees", "cache"}
    assert client.get("/sante/?portee=nimporte").status_code == 400
