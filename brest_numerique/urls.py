import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from brest_numerique import views
from brest_numerique.limites_du_corps import plafonner
from commentaires.plancher import plancher_ecriture
from programmes.flux import FluxActualites, FluxActualitesAtom
from programmes.plan_du_site import PLANS
from programmes.recherche import recherche
from programmes.robots import robots_txt
from programmes.views import servir

# Images et documents téléversés dans l'éditeur : le plafond de Wagtail (10 Mo),
# plus la marge du formulaire.
TAILLE_MAX_CMS = 12 * 1024 * 1024

# La connexion à l'administration passe par allauth : mêmes limites de débit,
# même double authentification.
admin.site.login = views.connexion_d_une_administration(
    entree_permise=admin.site.has_permission, accueil="admin:index"
)
admin.site.site_header = "Administration de Brest numérique"
admin.site.site_title = "Brest numérique"


urlpatterns = [
    path("", include("programmes.urls")),
    path("papi/", include("papi.urls")),
    path("appels-a-projets/", include("projets.urls")),
    path("instruction/", include("projets.instruction.urls")),
    path("jury/", include("projets.jury.urls")),
    path("internet-pour-tous/", include("internet_pour_tous.urls")),
    path("gestion/internet-pour-tous/", include("internet_pour_tous.gestion.urls")),
    path("bailleur/", include("internet_pour_tous.bailleurs.urls")),
    path("", include("commentaires.urls")),
    path("moderation/signalements/", include("papi.urls_signalements")),
    path("compte/", include("brest_numerique.comptes.urls")),
    path("compte/", include("allauth.urls")),
    path("notifications/", include("brest_numerique.notifications.urls")),
    path("accompagnement/", include("programmes.accompagnement.urls")),
    path("admin/", admin.site.urls),
    # L'éditeur des pages : même connexion qu'ailleurs (allauth, double
    # authentification), sa propre page de connexion renvoie à celle-ci.
    path(
        "cms/login/",
        views.connexion_d_une_administration(
            entree_permise=lambda request: request.user.has_perm("wagtailadmin.access_admin"),
            accueil="wagtailadmin_home",
        ),
        name="connexion_cms",
    ),
    path("cms/", include(plafonner(wagtailadmin_urls.urlpatterns, TAILLE_MAX_CMS))),
    path("documents/", include(wagtaildocs_urls)),
    path("sante/", views.sante, name="sante"),
    path("plancher/", views.plancher, name="plancher"),
    path(
        "plancher/ecriture/<int:type_id>/<int:objet_id>/",
        plancher_ecriture,
        name="plancher_ecriture",
    ),
    # Les pages légales sont des pages Wagtail ; ces noms gardent les liens du pied de page.
    path("mentions-legales/", servir, {"path": "mentions-legales/"}, name="mentions_legales"),
    path("accessibilite/", servir, {"path": "accessibilite/"}, name="accessibilite"),
    path(
        "donnees-personnelles/",
        servir,
        {"path": "donnees-personnelles/"},
        name="donnees_personnelles",
    ),
    path("contact/", TemplateView.as_view(template_name="pages/contact.html"), name="contact"),
    path("actualites/flux.rss", FluxActualites(), name="flux_actualites_rss"),
    path("actualites/flux.atom", FluxActualitesAtom(), name="flux_actualites_atom"),
    path("actualites/<slug:slug>/flux.rss", FluxActualites(), name="flux_dispositif_rss"),
    path("actualites/<slug:slug>/flux.atom", FluxActualitesAtom(), name="flux_dispositif_atom"),
    path("sitemap.xml", sitemap, {"sitemaps": PLANS}, name="plan_du_site"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("recherche/", recherche, name="recherche"),
    # Les pages éditées dans Wagtail, en dernier : tout ce qui précède a priorité.
    # Seule la vue des pages est reprise de wagtail.urls : ni sa page de connexion,
    # ni ses mots de passe de page (une seule connexion, celle d'allauth).
    re_path(serve_pattern, servir, name="wagtail_serve"),
]

handler400 = "brest_numerique.views.erreur_400"
handler403 = "brest_numerique.views.erreur_403"
handler404 = "brest_numerique.views.erreur_404"
handler429 = "brest_numerique.views.erreur_429"
handler500 = "brest_numerique.views.erreur_500"

if not settings.PRODUCTION:
    # Le mode embarqué sert lui-même les médias déposés (images de l'éditeur), DEBUG
    # ou non : django.conf.urls.static ne le fait qu'avec DEBUG. En production,
    # c'est nginx (docs/deploiement.md).
    from django.views.static import serve as servir_un_media

    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            servir_un_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    )
