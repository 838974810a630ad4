"""Le plan du site pour les moteurs de recherche (/sitemap.xml) : les pages
Wagtail publiques, les fiches des lieux publiés et les rubriques servies par des
vues. `PLANS` se passe tel quel à `django.contrib.sitemaps.views.sitemap` (ou à
celle de Wagtail, qui donne en plus la requête au plan des pages)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as PlanDesPages

from brest_numerique.publication import publics
from papi.models import Lieu


class AdresseDuPortail:
    """Les adresses sont celles de SITE_URL, comme la ligne Sitemap de robots.txt,
    et non l'hôte que la requête a nommé."""

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class PlanDesLieux(AdresseDuPortail, Sitemap):
    def items(self):
        return publics(Lieu).only("slug", "modifie_le").order_by("pk")

    def lastmod(self, lieu: Lieu):
        return lieu.modifie_le


class PlanDesRubriques(AdresseDuPortail, Sitemap):
    NOMS = (
        "programmes:programme",
        "papi:liste",
        "projets:presentation",
        "internet_pour_tous:presentation",
    )

    def items(self) -> tuple[str, ...]:
        return self.NOMS

    def location(self, nom: str) -> str:
        return reverse(nom)


PLANS = {
    "pages": PlanDesPages,
    "lieux": PlanDesLieux,
    "rubriques": PlanDesRubriques,
    # Les lauréats de l'appel à projets s'ajouteront ici (issue de l'appel à projets).
}
