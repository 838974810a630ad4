from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from brest_numerique import differe
from brest_numerique.notifications.models import EchecTransitoire, Notification

ESSAIS_MAX = 6  # après le premier envoi, 6 nouveaux essais espacés de 30 s à 16 min


def delai_avant_essai(essai: int) -> int:
    return 30 * 2**essai


# acks_late vient des réglages (CELERY_TASK_ACKS_LATE) : la tâche est idempotente.
@shared_task(bind=True, name="notifications.envoyer", max_retries=ESSAIS_MAX)
def envoyer_notification(self, notification_id: int) -> bool:
    """Idempotente : une notification déjà envoyée (ou disparue) est ignorée."""
    try:
        return Notification.envoyer(notification_id)
    except EchecTransitoire as exc:
        if self.request.retries >= self.max_retries:
            Notification.objects.filter(pk=notification_id).abandonner()
            return False
        delai = delai_avant_essai(self.request.retries)
        # Le balayage périodique ne doit pas doubler un essai déjà programmé.
        Notification.objects.filter(pk=notification_id).update(
            derniere_mise_en_file=timezone.now() + timedelta(seconds=delai)
        )
        raise self.retry(exc=exc, countdown=delai) from exc


@shared_task(name="differe.relancer")
def relancer_le_travail_differe() -> dict[str, int]:
    """Le balayage de toutes les files du travail différé (brest_numerique/differe.py),
    boîte d'envoi comprise. Voir le calendrier de beat dans brest_numerique/celery.py."""
    return differe.tout_relancer(depuis=timezone.now() - timedelta(minutes=5))
