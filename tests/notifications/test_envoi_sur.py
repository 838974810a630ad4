"""L'envoi en deux transactions : la tentative est enregistrée (et validée) avant de
parler au serveur SMTP, le résultat après. Un worker tué entre les deux ne
provoque pas de renvoi tant que court son bail, et le renvoi, ensuite, est le même
message (même Message-ID)."""

import hashlib
import smtplib
import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as reglages
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from brest_numerique.notifications.models import (
    DUREE_DU_BAIL,
    EchecTransitoire,
    Notification,
)
from brest_numerique.notifications.services import notify
from brest_numerique.notifications.tasks import envoyer_notification, relancer_le_travail_differe

pytestmark = pytest.mark.django_db


class WorkerTue(BaseException):
    """Comme un SIGKILL : rien dans le code d'envoi ne l'intercepte."""


class EmailBackendPuisMort(EmailBackend):
    """Le serveur SMTP accepte le message, puis le worker meurt avant d'avoir pu
    l'enregistrer comme envoyé."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise WorkerTue


class EmailBackendEspion(EmailBackend):
    """Pendant l'envoi, un autre worker regarde la ligne depuis sa propre connexion."""

    vu: dict = {}

    def send_messages(self, messages):
        def autre_worker():
            try:
                ligne = Notification.objects.get(pk=self.vu["pk"])
                self.vu["tentatives"] = ligne.tentatives
                self.vu["envoi_commence_le"] = ligne.envoi_commence_le
                self.vu["second_envoi"] = Notification.envoyer(self.vu["pk"])
            finally:
                connection.close()

        fil = threading.Thread(target=autre_worker)
        fil.start()
        fil.join()
        return super().send_messages(messages)


def _message_id_attendu(cle: str) -> str:
    return f"<{hashlib.sha256(cle.encode()).hexdigest()[:32]}@127.0.0.1>"


def _message_id(message) -> str:
    return message.message()["Message-ID"]


def test_un_courriel_porte_un_message_id_derive_de_sa_cle(
    citoyen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="bienvenue", to=citoyen, key="bienvenue:42")
        notify(kind="bienvenue", to="autre@exemple.fr", key="bienvenue:43")

    ids = sorted(_message_id(message) for message in mail.outbox)
    assert ids == sorted([_message_id_attendu("bienvenue:42"), _message_id_attendu("bienvenue:43")])


def test_un_worker_tue_apres_l_envoi_ne_renvoie_rien_pendant_son_bail_puis_renvoie_le_meme_message(
    citoyen, settings
):
    settings.EMAIL_BACKEND = "tests.notifications.test_envoi_sur.EmailBackendPuisMort"
    # Sans capture des rappels on_commit : la tâche n'est pas mise en file, on
    # joue nous-mêmes le worker.
    notification = notify(kind="bienvenue", to=citoyen, key="tue")

    with pytest.raises(WorkerTue):
        Notification.envoyer(notification.pk)

    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.EN_ATTENTE
    assert notification.tentatives == 1, "la tentative est enregistrée avant l'envoi"
    assert notification.envoi_commence_le is not None
    assert len(mail.outbox) == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Le courtier relivre la tâche, un autre worker la prend : le bail court encore.
    assert envoyer_notification.apply(args=[notification.pk]).get() is False
    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        assert relancer_le_travail_differe.apply().get()["notifications"] == 0, (
            "la relance respecte le bail"
        )
    assert len(mail.outbox) == 1

    with time_machine.travel(timezone.now() + DUREE_DU_BAIL + timedelta(minutes=1), tick=False):
        assert relancer_le_travail_differe.apply().get()["notifications"] == 1

    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.ENVOYEE
    assert notification.tentatives == 2
    premier, renvoi = mail.outbox
    assert _message_id(premier) == _message_id(renvoi) == _message_id_attendu("tue")


@pytest.mark.django_db(transaction=True)
def test_la_tentative_est_validee_avant_l_envoi_et_bloque_un_second_worker(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_envoi_sur.EmailBackendEspion"
    # Écrite sans notify() : hors transaction, son rappel on_commit enverrait le
    # courriel aussitôt, avant que l'espion ne sache quelle ligne regarder.
    notification = Notification.objects.create(
        sorte="bienvenue",
        destinataire="espion@exemple.fr",
        sujet="Bienvenue",
        corps_texte="Bonjour",
        cle="espion",
    )
    EmailBackendEspion.vu.clear()
    EmailBackendEspion.vu["pk"] = notification.pk

    assert Notification.envoyer(notification.pk) is True

    # Vu depuis une autre connexion pendant la conversation SMTP : la réservation
    # est déjà validée, et elle suffit à écarter le second worker.
    assert EmailBackendEspion.vu["tentatives"] == 1
    assert EmailBackendEspion.vu["envoi_commence_le"] is not None
    assert EmailBackendEspion.vu["second_envoi"] is False
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.ENVOYEE


def test_un_echec_passager_rend_le_bail_pour_que_l_essai_suivant_parte_aussitot(
    citoyen, serveur_en_panne
):
    serveur_en_panne.append(smtplib.SMTPServerDisconnected("connexion perdue"))
    notification = notify(kind="bienvenue", to=citoyen, key="passager-bail")

    with pytest.raises(EchecTransitoire):
        Notification.envoyer(notification.pk)
    notification.refresh_from_db()
    assert notification.envoi_commence_le is None
    assert notification.statut == Notification.Statut.EN_ATTENTE

    assert Notification.envoyer(notification.pk) is True
    notification.refresh_from_db()
    assert notification.tentatives == 2
    assert len(mail.outbox) == 1


def test_une_notification_renvoyee_depuis_l_echec_n_est_pas_retenue_par_l_ancien_bail(
    citoyen, serveur_en_panne, django_capture_on_commit_callbacks
):
    serveur_en_panne.append(smtplib.SMTPRecipientsRefused({citoyen.email: (550, b"inconnue")}))
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(kind="bienvenue", to=citoyen, key="renvoi-bail")
    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.ECHEC

    with django_capture_on_commit_callbacks(execute=True):
        notification.renvoyer()

    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.ENVOYEE
    assert len(mail.outbox) == 1


def test_les_essais_epuises_font_passer_la_notification_en_echec_sans_la_recreer(citoyen):
    notification = notify(kind="bienvenue", to=citoyen, key="epuisee")

    assert Notification.objects.filter(pk=notification.pk).abandonner() == 1

    assert Notification.objects.get().statut == Notification.Statut.ECHEC
    # Une ligne disparue n'est pas recréée par l'abandon.
    assert Notification.objects.filter(pk=notification.pk + 1000).abandonner() == 0
    assert Notification.objects.count() == 1


def test_le_bail_expire_avant_que_le_courtier_ne_relivre_une_tache_non_acquittee():
    # Sinon, la tâche relivrée après la mort d'un worker trouverait le bail encore
    # tenu et ne ferait rien : seule la relance rattraperait le courriel.
    visibilite = reglages.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert DUREE_DU_BAIL.total_seconds() < visibilite
