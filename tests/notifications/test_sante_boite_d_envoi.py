"""La sonde /sante/ signale une boîte d'envoi en retard comme une dégradation
(200), et garde le 503 pour une dépendance qui ne répond pas."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from brest_numerique import sante
from brest_numerique.celery import app as celery_app
from brest_numerique.notifications.models import Notification
from brest_numerique.notifications.services import notify

pytestmark = pytest.mark.django_db


def _plus_tard(minutes: int):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_une_notification_en_attente_depuis_plus_de_15_min_degrade_la_sonde_sans_503(
    client, citoyen
):
    # Sans capture des rappels on_commit, la notification reste en attente.
    notify(kind="bienvenue", to=citoyen, key="coincee")

    with _plus_tard(16):
        reponse = client.get("/sante/")

    assert reponse.status_code == 200
    donnees = reponse.json()
    assert donnees["statut"] == "degrade"
    assert "1 notification" in donnees["verifications"]["boite_d_envoi"]
    assert donnees["verifications"]["base_de_donnees"] == "ok"


def test_une_notification_en_attente_depuis_moins_de_15_min_ne_degrade_pas_la_sonde(
    client, citoyen
):
    notify(kind="bienvenue", to=citoyen, key="recente")

    with _plus_tard(14):
        reponse = client.get("/sante/")

    assert reponse.status_code == 200
    assert reponse.json()["statut"] == "ok"
    assert reponse.json()["verifications"]["boite_d_envoi"] == "ok"


def test_le_retard_se_compte_depuis_la_creation_meme_apres_une_relance(client, citoyen):
    notification = notify(kind="bienvenue", to=citoyen, key="relancee")

    with _plus_tard(20):
        # La relance vient de la remettre en file : elle attend pourtant depuis 20 min.
        Notification.objects.filter(pk=notification.pk).update(derniere_mise_en_file=timezone.now())
        reponse = client.get("/sante/")

    assert reponse.json()["statut"] == "degrade"


def test_une_dependance_en_panne_l_emporte_sur_le_retard_de_la_boite_d_envoi(client, citoyen):
    notify(kind="bienvenue", to=citoyen, key="coincee-et-panne")
    # Plus d'exécution dans le processus, et aucun worker ne répond.
    celery_app.conf.task_always_eager = False

    with _plus_tard(16):
        reponse = client.get("/sante/")

    assert reponse.status_code == 503
    donnees = reponse.json()
    assert donnees["statut"] == "en_panne"
    assert donnees["verifications"]["workers"] == "erreur"
    assert "1 notification" in donnees["verifications"]["boite_d_envoi"]


def test_la_portee_web_ne_regarde_pas_la_boite_d_envoi(client, citoyen):
    notify(kind="bienvenue", to=citoyen, key="coincee-web")

    with _plus_tard(16):
        reponse = client.get("/sante/?portee=web")

    assert reponse.status_code == 200
    assert reponse.json()["statut"] == "ok"
    assert "boite_d_envoi" not in reponse.json()["verifications"]


def test_la_verification_de_la_boite_d_envoi_tient_en_une_requete(
    citoyen, django_assert_num_queries
):
    for i in range(3):
        notify(kind="bienvenue", to=f"habitant{i}@exemple.fr", key=f"lot:{i}")

    with (
        _plus_tard(16),
        django_assert_num_queries(1),
        pytest.raises(sante.Avertissement, match="3 notification"),
    ):
        sante.verifier_boite_d_envoi()
