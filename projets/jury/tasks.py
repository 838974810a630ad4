"""La tâche périodique du jury (calendrier : brest_numerique/celery.py)."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from projets.jury.models import Jury
from projets.jury.services import jures_rappeler

# Les jurés en retard sont rappelés 7, 3 et 1 jours avant la fin de la notation, et
# le dernier jour : pas chaque jour, pour qu'un rappel reste lu.
RAPPELS_JOURS_AVANT_FIN = (7, 3, 1, 0)


def jurys_a_rappeler(jour: date) -> list[Jury]:
    return [
        jury
        for jury in Jury.objects.filter(notation_debut__lte=jour, notation_fin__gte=jour)
        .select_related("edition")
        .order_by("pk")
        if (jury.notation_fin - jour).days in RAPPELS_JOURS_AVANT_FIN
    ]


@shared_task(name="jury.rappeler")
def rappeler() -> int:
    # Idempotente : jures_rappeler() n'envoie qu'un rappel par juré et par jour.
    jour = timezone.localdate()
    return sum(jures_rappeler(jury.edition) for jury in jurys_a_rappeler(jour))
