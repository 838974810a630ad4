from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import TemplateView

from brest_numerique import views

# La connexion à l'administration passe par allauth : mêmes limites de débit,
# même double authentification.
admin.site.login = login_required(admin.site.login)
admin.site.site_header = "Administration de Brest numérique"
admin.site.site_title = "Brest numérique"


urlpatterns = [
    path("", include("programmes.urls")),
    path("papi/", include("papi.urls")),
    path("appels-a-projets/", include("projets.urls")),
    path("internet-pour-tous/", include("internet_pour_tous.urls")),
    path("", include("commentaires.urls")),
    path("compte/", include("brest_numerique.comptes.urls")),
    path("compte/", include("allauth.urls")),
    path("notifications/", include("brest_numerique.notifications.urls")),
    path("admin/", admin.site.urls),
    path("sante/", views.sante, name="sante"),
    path("plancher/", views.plancher, name="plancher"),
    path(
        "mentions-legales/",
        TemplateView.as_view(template_name="pages/mentions_legales.html"),
        name="mentions_legales",
    ),
    path(
        "accessibilite/",
        TemplateView.as_view(template_name="pages/accessibilite.html"),
        name="accessibilite",
    ),
    path(
        "donnees-personnelles/",
        TemplateView.as_view(template_name="pages/donnees_personnelles.html"),
        name="donnees_personnelles",
    ),
    path("contact/", TemplateView.as_view(template_name="pages/contact.html"), name="contact"),
]

handler400 = "brest_numerique.views.erreur_400"
handler403 = "brest_numerique.views.erreur_403"
handler404 = "brest_numerique.views.erreur_404"
handler429 = "brest_numerique.views.erreur_429"
handler500 = "brest_numerique.views.erreur_500"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
