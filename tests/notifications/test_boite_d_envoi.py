import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from brest_numerique.notifications.models import Notification
from brest_numerique.notifications.services import notify
from brest_numerique.notifications.tasks import (
    ESSAIS_MAX,
    envoyer_notification,
    relancer_le_travail_differe,
)

pytestmark = pytest.mark.django_db


def test_une_notification_dans_une_transaction_annulee_n_envoie_rien(
    citoyen, django_capture_on_commit_callbacks
):
    class Annulation(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as rappels,
        pytest.raises(Annulation),
        transaction.atomic(),
    ):
        notify(kind="bienvenue", to=citoyen, key="annulee")
        raise Annulation

    assert rappels == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_une_notification_validee_part_exactement_une_fois(
    citoyen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(kind="bienvenue", to=citoyen, key="bienvenue:1")

    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.ENVOYEE
    assert notification.tentatives == 1
    assert notification.envoyee_le is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [citoyen.email]
    assert message.subject == "Bienvenue sur Brest numérique"
    assert "Bonjour" in message.body
    assert "Brest numérique" in message.alternatives[0][0]


def test_une_seconde_notification_avec_la_meme_cle_ne_fait_rien(
    citoyen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        premiere = notify(kind="bienvenue", to=citoyen, key="meme-cle")
        seconde = notify(kind="bienvenue", to=citoyen, key="meme-cle")

    assert premiere is not None
    assert seconde is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_la_tache_ne_renvoie_pas_une_notification_deja_envoyee(
    citoyen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(kind="bienvenue", to=citoyen, key="deja")

    # Un message livré deux fois par le courtier (acks_late) ne doit rien renvoyer.
    assert envoyer_notification.apply(args=[notification.pk]).get() is False
    assert len(mail.outbox) == 1


def test_un_echec_passager_est_retente_puis_reussit(
    citoyen, serveur_en_panne, django_capture_on_commit_callbacks
):
    serveur_en_panne.append(smtplib.SMTPServerDisconnected("connexion perdue"))
    serveur_en_panne.append(smtplib.SMTPResponseException(421, b"service indisponible"))

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(kind="bienvenue", to=citoyen, key="passager")

    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.ENVOYEE
    assert notification.tentatives == 3
    assert "421" in notification.derniere_erreur
    assert len(mail.outbox) == 1


def test_un_echec_definitif_finit_en_echec_avec_l_erreur(
    citoyen, serveur_en_panne, django_capture_on_commit_callbacks
):
    serveur_en_panne.append(
        smtplib.SMTPRecipientsRefused({citoyen.email: (550, b"boite inconnue")})
    )

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(kind="bienvenue", to=citoyen, key="definitif")

    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.ECHEC
    assert notification.tentatives == 1
    assert "boite inconnue" in notification.derniere_erreur
    assert mail.outbox == []


def test_des_echecs_passagers_sans_fin_s_arretent_au_nombre_d_essais_prevu(
    citoyen, serveur_en_panne, django_capture_on_commit_callbacks
):
    serveur_en_panne.extend(ConnectionRefusedError("refus") for _ in range(ESSAIS_MAX + 5))

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(kind="bienvenue", to=citoyen, key="sans-fin")

    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.ECHEC
    assert notification.tentatives == ESSAIS_MAX + 1
    assert "ConnectionRefusedError" in notification.derniere_erreur
    assert mail.outbox == []


def test_le_balayage_remet_en_file_une_notification_dont_la_tache_s_est_perdue(citoyen):
    # Sans capture des rappels on_commit, la tâche n'est jamais mise en file :
    # c'est le cas d'un message perdu par le courtier.
    notification = notify(kind="bienvenue", to=citoyen, key="perdue")
    Notification.objects.filter(pk=notification.pk).update(
        derniere_mise_en_file=timezone.now() - timedelta(minutes=10)
    )
    recente = notify(kind="bienvenue", to="autre@exemple.fr", key="recente")

    assert relancer_le_travail_differe.apply().get()["notifications"] == 1

    notification.refresh_from_db()
    recente.refresh_from_db()
    assert notification.statut == Notification.Statut.ENVOYEE
    assert recente.statut == Notification.Statut.EN_ATTENTE
    assert [m.to for m in mail.outbox] == [[citoyen.email]]


def test_une_sorte_inconnue_est_refusee(citoyen):
    with pytest.raises(ValueError, match="inconnue"):
        notify(kind="publicite", to=citoyen, key="x")
