from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from brest_numerique.navigation import rubriques


@lru_cache(maxsize=64)
def _adresses(noms_d_url: tuple[str, ...], _prefixe: str, _urlconf: str) -> tuple[str, ...]:
    # Les adresses du menu ne changent qu'avec les rubriques, le préfixe du site et
    # la table des adresses : inversées une fois par processus, et non à chaque page.
    # Pas de NoReverseMatch rattrapé ici : une rubrique enregistrée sans URL est un
    # défaut de configuration, qui doit se voir (et tests/portail/test_navigation.py
    # le détecte avant la mise en production).
    return tuple(reverse(nom) for nom in noms_d_url)


def _navigation(chemin: str) -> list[dict]:
    menu = rubriques()
    adresses = _adresses(
        tuple(r.url_name for r in menu),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )
    return [
        {"libelle": rubrique.libelle, "url": url, "actif": chemin.startswith(url)}
        for rubrique, url in zip(menu, adresses, strict=True)
    ]


def portail(request) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "navigation": _navigation(request.path),
        "CONTACT_EMAIL": settings.STAFF_EMAIL,
    }
