"""Les adresses des flux, du plan du site, de robots.txt et de la recherche, en
attendant qu'elles entrent dans brest_numerique/urls.py : les mêmes lignes, puis
tout le portail."""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from programmes.flux import FluxActualites, FluxActualitesAtom
from programmes.plan_du_site import PLANS
from programmes.recherche import recherche
from programmes.robots import robots_txt

urlpatterns = [
    path("actualites/flux.rss", FluxActualites(), name="flux_actualites_rss"),
    path("actualites/flux.atom", FluxActualitesAtom(), name="flux_actualites_atom"),
    path("actualites/<str:slug>/flux.rss", FluxActualites(), name="flux_dispositif_rss"),
    path("actualites/<str:slug>/flux.atom", FluxActualitesAtom(), name="flux_dispositif_atom"),
    path("sitemap.xml", sitemap, {"sitemaps": PLANS}, name="plan_du_site"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("recherche/", recherche, name="recherche"),
    path("", include("brest_numerique.urls")),
]
