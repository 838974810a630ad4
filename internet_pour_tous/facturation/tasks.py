"""Les tâches de la facturation : le passage du mois, au calendrier de beat
(brest_numerique/celery.py) et lancé par la page des Gestionnaires."""

from celery import shared_task
from django.utils import timezone

from internet_pour_tous.facturation.services import facturer
from internet_pour_tous.models import Facturation


@shared_task(name="internet_pour_tous.facturer_le_mois")
def facturer_le_mois() -> int:
    """Le mois qui commence : beat la lance le 1er à 6 h (heure de Paris)."""
    return facturer(timezone.localdate()).pk


@shared_task(name="internet_pour_tous.facturer_passage")
def facturer_passage(passage_id: int) -> int:
    """Un passage créé par la page de lancement : la tâche le fait tourner. Idempotente
    (ON CONFLICT DO NOTHING) : rejouée après la perte d'un worker, elle complète."""
    passage = Facturation.objects.filter(pk=passage_id).first()
    if passage is None:
        return 0
    return facturer(passage.mois, par=passage.lancee_par, passage=passage).pk
