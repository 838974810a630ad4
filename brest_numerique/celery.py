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
    # Le travail différé (brest_numerique/differe.py : boîte d'envoi, suites des
    # dépôts de commentaires…) : un message perdu par le courtier ou un worker tombé
    # en pleine tâche laisse une trace « en attente » ; on la remet en file toutes
    # les 5 min.
    "differe-relancer": {
        "task": "differe.relancer",
        "schedule": crontab(minute="*/5"),
    },
    # Pages et actualités programmées par les Webmestres : publiées (ou retirées) à la
    # minute près.
    "programmes-publier-a-l-heure": {
        "task": "programmes.publier_a_l_heure",
        "schedule": crontab(minute="*"),
    },
    # Les modérateurs qui l'ont choisi reçoivent chaque matin l'état de la file.
    "commentaires-resume-quotidien": {
        "task": "commentaires.resume_quotidien",
        "schedule": crontab(hour=8, minute=0),
    },
    # Appel à projets : rappels aux brouillons (J-7, J-2) et aux compléments attendus,
    # chacun une seule fois (clés d'idempotence) ; toutes les heures pour ne rien rater.
    "projets-rappeler": {
        "task": "projets.rappeler",
        "schedule": crontab(minute=15),
    },
    # Le résumé de la semaine des instructeurs, le lundi matin.
    "projets-resume-hebdomadaire": {
        "task": "projets.resume_hebdomadaire",
        "schedule": crontab(day_of_week="mon", hour=7, minute=30),
    },
    # Jury de l'appel à projets : les jurés en retard sont rappelés 7, 3 et 1 jours avant
    # la fin de la notation et le dernier jour (une fois par juré et par jour au plus).
    "jury-rappeler": {
        "task": "jury.rappeler",
        "schedule": crontab(hour=9, minute=0),
    },
    # Internet pour tous : les échéances du mois qui commence et les relevés des
    # bailleurs, le 1er à 6 h (heure de Paris, CELERY_TIMEZONE) ; idempotent.
    "internet-pour-tous-facturer": {
        "task": "internet_pour_tous.facturer_le_mois",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),
    },
    # Données personnelles : dossiers non retenus supprimés après le délai de conservation.
    "projets-purger": {
        "task": "projets.purger",
        "schedule": crontab(hour=4, minute=0),
    },
    # Données personnelles : les empreintes d'adresse IP ne vivent que 12 mois.
    "commentaires-purger-empreintes-ip": {
        "task": "commentaires.purger_empreintes_ip",
        "schedule": crontab(hour=3, minute=30),
    },
    # Données personnelles : les abonnements Internet pour tous terminés depuis
    # IPT_ANONYMISATION_ANNEES ans sont anonymisés, le 2 de chaque mois.
    "internet-pour-tous-anonymiser": {
        "task": "internet_pour_tous.anonymiser",
        "schedule": crontab(day_of_month=2, hour=4, minute=30),
    },
}
