from celery import shared_task
from django.core.management import call_command


@shared_task(name="programmes.publier_a_l_heure")
def publier_a_l_heure() -> None:
    """Publie les pages et actualités programmées dont l'heure est venue, et retire
    celles dont la date de dépublication est passée (commande publish_scheduled de
    Wagtail, idempotente). Voir le calendrier de beat dans brest_numerique/celery.py."""
    call_command("publish_scheduled", verbosity=0)
