from django.conf import settings

from brest_numerique.adresses import inverser
from brest_numerique.navigation import rubriques


def _navigation(chemin: str) -> list[dict]:
    # Pas de NoReverseMatch rattrapé ici : une rubrique enregistrée sans URL est un
    # défaut de configuration, qui doit se voir (et tests/portail/test_navigation.py
    # le détecte avant la mise en production).
    menu = []
    for rubrique in rubriques():
        url = inverser(rubrique.url_name)
        menu.append({"libelle": rubrique.libelle, "url": url, "actif": chemin.startswith(url)})
    return menu


def portail(request) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "navigation": _navigation(request.path),
        "CONTACT_EMAIL": settings.STAFF_EMAIL,
    }
