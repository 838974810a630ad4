from django.conf import settings
from django.urls import NoReverseMatch, reverse

# (libellé, nom d'URL) : une rubrique n'apparaît que si son application la sert.
NAVIGATION = [
    ("Le programme", "programmes:programme"),
    ("Points d'accès (PAPI)", "papi:liste"),
    ("Appels à projets", "programmes:appel_a_projets"),
    ("Internet pour tous", "programmes:internet_pour_tous"),
    ("Actualités", "programmes:actualites"),
]


def _navigation(chemin: str) -> list[dict]:
    rubriques = []
    for libelle, nom in NAVIGATION:
        try:
            url = reverse(nom)
        except NoReverseMatch:
            continue
        rubriques.append({"libelle": libelle, "url": url, "actif": chemin.startswith(url)})
    return rubriques


def portail(request) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "navigation": _navigation(request.path),
        "mode_demonstration": settings.DEBUG,
        "CONTACT_EMAIL": settings.STAFF_EMAIL,
    }
