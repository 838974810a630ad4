"""Les tâches périodiques de l'appel à projets (calendrier : brest_numerique/celery.py)."""

from celery import shared_task

from projets.conservation import dossiers_purger
from projets.rappels import brouillons_rappeler, complements_rappeler, resume_hebdomadaire_envoyer


@shared_task(name="projets.rappeler")
def rappeler() -> int:
    return brouillons_rappeler() + complements_rappeler()


@shared_task(name="projets.resume_hebdomadaire")
def resume_hebdomadaire() -> int:
    return resume_hebdomadaire_envoyer()


@shared_task(name="projets.purger")
def purger() -> int:
    return dossiers_purger()
