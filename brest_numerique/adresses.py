"""Des adresses inversées une fois par processus, et non à chaque appel.

`reverse` parcourt la table des adresses à chaque appel : le menu de chaque page en
demandait quatre, la file de modération une par lieu commenté. Une adresse ne
dépend que de son nom, de ses arguments, de la table des adresses (ROOT_URLCONF,
ou celle que pose la requête), du préfixe du site (SCRIPT_NAME) et de la langue :
tout cela forme la clé.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Le motif du convertisseur <slug:…> de Django.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_JALON = "jalon-de-l-adresse"


@lru_cache(maxsize=512)
def _inverser(nom: str, args: tuple, _prefixe: str, _table, _langue) -> str:
    return reverse(nom, args=args)


def _contexte() -> tuple[str, object, str | None]:
    # Le préfixe du site, la table des adresses et la langue en vigueur (une table
    # en i18n_patterns en dépend) : ce dont dépend reverse, outre le nom et les
    # arguments.
    return get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, get_language()


def inverser(nom: str, *args) -> str:
    """reverse(nom, args=args), gardé par processus."""
    return _inverser(nom, args, *_contexte())


@lru_cache(maxsize=64)
def _autour_du_slug(nom: str, _prefixe: str, _table, _langue) -> tuple[str, str]:
    avant, apres = reverse(nom, args=[_JALON]).split(_JALON)
    return avant, apres


def autour_du_slug(nom: str) -> tuple[str, str]:
    """(avant, après) le slug dans l'adresse `nom` (motif <slug:…>) : pour écrire
    d'un coup les adresses de toute une liste."""
    return _autour_du_slug(nom, *_contexte())


def adresse_a_slug(nom: str, slug: str) -> str:
    """reverse(nom, args=[slug]) pour une adresse au motif <slug:…>, sans parcourir la
    table à chaque slug. Un slug que le motif refuserait passe par reverse, qui lève
    NoReverseMatch comme avant."""
    if not _SLUG.fullmatch(slug):
        return reverse(nom, args=[slug])
    avant, apres = autour_du_slug(nom)
    # Les caractères du motif n'ont pas à être encodés dans une adresse.
    return f"{avant}{slug}{apres}"
