"""Quelle édition montrer au public, et la version qui périme les pages publiques
gardées en cache quand une édition change.

La phase d'une édition se déduit de l'heure (AppelAProjets.phase) : les pages
gardées en cache ne le sont qu'une minute, si bien qu'une ouverture ou une clôture
s'y voit à la minute près, sans rien enregistrer."""

from datetime import datetime

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from brest_numerique.cache_anonyme import Version
from projets.models import AppelAProjets, Theme

version_des_editions = Version("projets:editions:version")


def edition_courante(maintenant: datetime | None = None) -> AppelAProjets | None:
    """La plus récente des éditions déjà ouvertes (même closes depuis) ; à défaut,
    la prochaine à ouvrir ; None s'il n'y en a aucune."""
    maintenant = maintenant or timezone.now()
    ouvertes = AppelAProjets.objects.filter(ouverture__lte=maintenant)
    return (
        ouvertes.order_by("-ouverture").first()
        or AppelAProjets.objects.filter(ouverture__gt=maintenant).order_by("ouverture").first()
    )


def editions_passees(sauf: AppelAProjets | None, maintenant: datetime | None = None):
    """Les éditions déjà ouvertes, autres que `sauf`, de la plus récente à la plus ancienne."""
    maintenant = maintenant or timezone.now()
    editions = AppelAProjets.objects.filter(ouverture__lte=maintenant).order_by("-annee")
    if sauf is not None:
        editions = editions.exclude(pk=sauf.pk)
    return editions.only("annee", "titre", "cloture")


def _perimer(sender, update_fields=None, **kwargs) -> None:
    # Le compteur des numéros change à chaque dépôt : rien de public.
    if update_fields is not None and set(update_fields) <= {"dernier_rang"}:
        return
    version_des_editions.changer()


def connecter() -> None:
    """Appelé par ProjetsConfig.ready() : une édition créée, modifiée, supprimée, ses
    thèmes changés ou un thème renommé, et les pages publiques de l'appel sont périmées."""
    for modele in (AppelAProjets, Theme):
        for signal in (post_save, post_delete):
            signal.connect(
                _perimer,
                sender=modele,
                dispatch_uid=f"aap-perimer-{modele.__name__}-{id(signal)}",
            )
    m2m_changed.connect(
        _perimer, sender=AppelAProjets.themes.through, dispatch_uid="aap-perimer-themes"
    )
