import pytest
from django.core import mail
from django.urls import reverse

from brest_numerique.notifications.models import Notification
from brest_numerique.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def echec(citoyen):
    notification = notify(kind="bienvenue", to=citoyen, key="echec-admin")
    Notification.objects.filter(pk=notification.pk).update(
        statut=Notification.Statut.ECHEC, derniere_erreur="SMTPRecipientsRefused"
    )
    return notification


def test_la_liste_filtre_par_sorte_et_statut(client, administrateur, echec):
    client.force_login(administrateur)
    url = reverse("admin:notifications_notification_changelist")

    assert echec.destinataire in client.get(url, {"statut": "echec"}).content.decode()
    assert echec.destinataire not in client.get(url, {"statut": "envoyee"}).content.decode()
    assert echec.destinataire in client.get(url, {"sorte": "bienvenue"}).content.decode()


def test_renvoyer_remet_en_file_et_envoie_les_notifications_en_echec(
    client, administrateur, echec, django_capture_on_commit_callbacks
):
    client.force_login(administrateur)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "renvoyer", "_selected_action": [echec.pk]},
            follow=True,
        )

    assert "1 notification remise dans la file" in reponse.content.decode()
    echec.refresh_from_db()
    assert echec.statut == Notification.Statut.ENVOYEE
    assert len(mail.outbox) == 1


def test_un_membre_du_personnel_sans_droit_ne_voit_pas_les_notifications(client, webmestre):
    client.force_login(webmestre)
    reponse = client.get(reverse("admin:notifications_notification_changelist"))
    assert reponse.status_code == 403
