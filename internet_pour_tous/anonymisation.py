"""Données personnelles des abonnements terminés : passé IPT_ANONYMISATION_ANNEES
ans après leur fin, un abonnement résilié ou refusé perd le nom de son titulaire,
son adresse électronique, son téléphone et le lien à son compte ; ses montants
(échéances) restent pour la comptabilité. Une seule requête UPDATE, lancée chaque
mois par beat (tâche « internet_pour_tous.anonymiser »)."""

from datetime import date, datetime

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from internet_pour_tous.models import Abonnement

TITULAIRE_ANONYME = "Abonné anonymisé"
ADRESSE_ANONYME = "anonyme@invalid"


def limite(maintenant: datetime, annees: int) -> date:
    """Le jour, `annees` ans avant aujourd'hui (le 29 février devient le 28)."""
    jour = timezone.localtime(maintenant).date()
    try:
        return jour.replace(year=jour.year - annees)
    except ValueError:
        return jour.replace(year=jour.year - annees, day=28)


def a_anonymiser(maintenant: datetime | None = None):
    """Les abonnements résiliés ou refusés terminés avant la limite (fin strictement
    antérieure), pas encore anonymisés. Un refus sans date de fin finit le jour de sa
    demande."""
    maintenant = maintenant or timezone.now()
    jour = limite(maintenant, settings.IPT_ANONYMISATION_ANNEES)
    return Abonnement.objects.filter(
        Q(statut__in=(Abonnement.Statut.RESILIE, Abonnement.Statut.REFUSE), fin__lt=jour)
        | Q(statut=Abonnement.Statut.REFUSE, fin__isnull=True, cree_le__date__lt=jour),
        anonymise_le__isnull=True,
    )


def abonnements_anonymiser(maintenant: datetime | None = None) -> int:
    """Anonymise en une requête ; rend le nombre d'abonnements anonymisés."""
    maintenant = maintenant or timezone.now()
    return a_anonymiser(maintenant).update(
        titulaire=TITULAIRE_ANONYME,
        email=ADRESSE_ANONYME,
        telephone="",
        compte=None,
        anonymise_le=maintenant,
    )


@shared_task(name="internet_pour_tous.anonymiser")
def anonymiser() -> int:
    return abonnements_anonymiser()
