"""Combien de temps l'appel à projets garde les dossiers (données personnelles).

Les dossiers non retenus d'une édition, pièces jointes comprises, sont supprimés
PROJETS_CONSERVATION_ANNEES années après l'année de l'édition ; les dossiers
retenus restent (trace publique des aides accordées). Les structures sans plus
aucun dossier ni membre partent avec eux."""

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from projets.models import Dossier, Structure

# Tout ce qui n'a pas été retenu. Les retenus et les votés (la délibération du
# conseil) ne sont pas dans cette liste, et ne seront donc jamais purgés.
NON_RETENUS = [
    Dossier.Statut.BROUILLON,
    Dossier.Statut.DEPOSE,
    Dossier.Statut.EN_INSTRUCTION,
    Dossier.Statut.A_COMPLETER,
    Dossier.Statut.PRET_POUR_JURY,
    Dossier.Statut.IRRECEVABLE,
    Dossier.Statut.SANS_SUITE,
    Dossier.Statut.EN_JURY,
    Dossier.Statut.NON_RETENU,
    Dossier.Statut.LISTE_ATTENTE,
]


@transaction.atomic
def dossiers_purger(*, annee_courante: int | None = None) -> int:
    """Supprime les dossiers non retenus des éditions assez anciennes ; rend leur nombre."""
    annee_courante = annee_courante or timezone.localdate().year
    limite = annee_courante - settings.PROJETS_CONSERVATION_ANNEES
    perimes = Dossier.objects.filter(edition__annee__lt=limite, statut__in=NON_RETENUS)
    # delete() un à un : chaque pièce jointe efface son fichier (signal post_delete).
    nombre = 0
    for dossier in perimes.iterator(chunk_size=200):
        dossier.delete()
        nombre += 1
    Structure.objects.annotate(n_dossiers=Count("dossiers"), n_membres=Count("membres")).filter(
        n_dossiers=0, n_membres=0
    ).delete()
    return nombre
