"""Rendre un modèle commentable : `class Lieu(Publiable, Commentable, models.Model)`."""

from collections.abc import Iterable
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brest_numerique.publication import Publiable


class Commentable(models.Model):
    """Ajoute l'ouverture des commentaires à un modèle public, qui doit tenir le
    contrat de Publiable (brest_numerique/publication.py) : on ne commente que ce
    que `publies()` montre, et les pages en cache suivent `version_publique`.

    La fermeture automatique se règle par modèle dans
    settings.COMMENTAIRES_FERMETURE_APRES_JOURS ({"app.modele": jours}) ; elle
    compte à partir du champ date nommé par `champ_date_publication`.
    """

    commentaires_ouverts = models.BooleanField(_("commentaires ouverts"), default=True)

    champ_date_publication: str | None = None

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Échouer dès l'import : un modèle commentable qui ne dirait pas ce qui est
        # public exposerait les commentaires de ses brouillons. Le reste du contrat
        # (publies(), version) se vérifie à chaque usage, par publics().
        if not issubclass(cls, Publiable):
            raise TypeError(f"{cls.__name__} est Commentable sans être Publiable.")

    @classmethod
    def pour_les_liens(cls) -> models.QuerySet:
        """Ce qu'une liste de commentaires lit de l'objet commenté pour le nommer
        (`str`) et mener à sa page (`get_absolute_url`) : tout, par défaut ; un
        modèle aux lignes lourdes (un lieu : horaires, services, index de
        recherche) n'en lit que le nécessaire."""
        return cls._default_manager.all()

    def commentaires_fermes(self, maintenant=None) -> bool:
        if not self.commentaires_ouverts:
            return True
        jours = settings.COMMENTAIRES_FERMETURE_APRES_JOURS.get(self._meta.label_lower)
        if not jours or not self.champ_date_publication:
            return False
        publication = getattr(self, self.champ_date_publication)
        if publication is None:
            return False
        if not hasattr(publication, "hour"):  # une date simple : minuit à Paris
            publication = timezone.make_aware(
                timezone.datetime.combine(publication, timezone.datetime.min.time())
            )
        return (maintenant or timezone.now()) > publication + timedelta(days=jours)


def objets_commentes() -> GenericPrefetch:
    """Le prefetch de `Commentaire.objet` d'une liste de commentaires : une requête
    par type d'objet, qui n'en lit que ce que donne `pour_les_liens`."""
    modeles = [modele for modele in apps.get_models() if issubclass(modele, Commentable)]
    # Le prefetch cherche le type de contenu de chaque modèle : une requête par modèle
    # encore inconnu du processus. Tous se lisent ici en une, dès la première page.
    ContentType.objects.get_for_models(*modeles)
    return GenericPrefetch("objet", [modele.pour_les_liens() for modele in modeles])


def objets_par_cle(cles: Iterable[tuple[int, int]]) -> dict[tuple[int, int], models.Model]:
    """Les objets commentés nommés par ces paires (type de contenu, identifiant), lus
    comme `objets_commentes` (ce que donne `pour_les_liens`), une requête par type
    présent ; un objet supprimé, ou d'un type qui n'est plus commentable, manque."""
    par_type: dict[int, set[int]] = {}
    for type_id, pk in cles:
        par_type.setdefault(type_id, set()).add(pk)
    objets = {}
    for type_id, identifiants in par_type.items():
        modele = ContentType.objects.get_for_id(type_id).model_class()
        if modele is None or not issubclass(modele, Commentable):
            continue
        for pk, objet in modele.pour_les_liens().in_bulk(identifiants).items():
            objets[type_id, pk] = objet
    return objets
