"""L'application Celery du portail et le calendrier de ses tâches périodiques.

Une seule instance de beat doit tourner (voir docs/deploiement.md) : le calendrier
ci-dessous est la seule source des tâches périodiques.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brest_numerique.settings")

app = Celery("brest_numerique")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Un message perdu par le courtier ou un worker tombé en pleine tâche laisse
    # une notification « en attente » : on la remet dans la file toutes les 5 min.
    "notifications-relancer-en-attente": {
        "task": "notifications.relancer_en_attente",
        "schedule": crontab(minute="*/5"),
    },
    # De même pour les suites d'un dépôt de commentaire (courriel de confirmation,
    # alerte des modérateurs) dont le message s'est perdu.
    "commentaires-relancer-suites": {
        "task": "commentaires.relancer_suites",
        "schedule": crontab(minute="*/5"),
    },
    # Les modérateurs qui l'ont choisi reçoivent chaque matin l'état de la file.
    "commentaires-resume-quotidien": {
        "task": "commentaires.resume_quotidien",
        "schedule": crontab(hour=8, minute=0),
    },
    # Données personnelles : les empreintes d'adresse IP ne vivent que 12 mois.
    "commentaires-purger-empreintes-ip": {
        "task": "commentaires.purger_empreintes_ip",
        "schedule": crontab(hour=3, minute=30),
    },
}
