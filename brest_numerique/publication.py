"""Le contrat de ce qui est public et peut se publier.

Un modèle dont une partie seulement est publique (un lieu dépublié, un brouillon)
hérite de `Publiable` et s'y engage :

- son gestionnaire par défaut a une méthode `publies()`, le seul nom de « ce que
  le public peut voir » ;
- `version_publique` est la `Version` (cache_anonyme.py) qui change quand ce
  qu'il publie change : clés de cache et ETag en dépendent ;
- `get_absolute_url()` mène à sa page publique.

Ce qui sert le public à partir d'un modèle quelconque (commentaires, cache,
recherche) passe par `publics(modele)`, qui vérifie le contrat et échoue bruyamment
sinon : un modèle qui nommerait autrement sa requête publique n'exposera jamais
ses brouillons par défaut.

Exemple :

    class Actualite(Publiable, models.Model):
        version_publique = Version("actualites:version")
        objects = ActualiteQuerySet.as_manager()  # définit publies()
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from brest_numerique.cache_anonyme import Version


class Publiable(models.Model):
    version_publique: Version

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        raise NotImplementedError


def verifier_contrat(modele: type) -> None:
    """Lève ImproperlyConfigured si `modele` ne tient pas le contrat de Publiable."""
    nom = modele.__name__
    if not (isinstance(modele, type) and issubclass(modele, Publiable)):
        raise ImproperlyConfigured(f"{nom} n'hérite pas de Publiable.")
    if not callable(getattr(modele._default_manager, "publies", None)):
        raise ImproperlyConfigured(f"Le gestionnaire par défaut de {nom} n'a pas de publies().")
    if not isinstance(getattr(modele, "version_publique", None), Version):
        raise ImproperlyConfigured(f"{nom}.version_publique doit être une Version.")
    if modele.get_absolute_url is Publiable.get_absolute_url:
        raise ImproperlyConfigured(f"{nom} doit définir get_absolute_url().")


def publics(modele: type) -> models.QuerySet:
    """Ce que le public peut voir de `modele`, et rien d'autre."""
    verifier_contrat(modele)
    return modele._default_manager.publies()
