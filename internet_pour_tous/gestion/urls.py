"""Les pages des Gestionnaires Internet pour tous (/gestion/internet-pour-tous/,
namespace "gestion_ipt") : demandes, abonnements, secteurs, puis la facturation et
le tableau de bord, chacun dans son module."""

from django.urls import include, path

from internet_pour_tous.gestion import views_abonnements as abonnements
from internet_pour_tous.gestion import views_secteurs as secteurs

app_name = "gestion_ipt"

urlpatterns = [
    path("demandes/", abonnements.demandes, name="demandes"),
    path("abonnements/", abonnements.abonnements, name="abonnements"),
    path("abonnements/<int:abonnement>/", abonnements.abonnement, name="abonnement"),
    path(
        "abonnements/<int:abonnement>/<str:action>/",
        abonnements.abonnement_transition,
        name="abonnement_transition",
    ),
    path("secteurs/", secteurs.secteurs, name="secteurs"),
    path("secteurs/<int:secteur>/", secteurs.secteur, name="secteur"),
    path(
        "secteurs/<int:secteur>/logements/import/",
        secteurs.logements_importer,
        name="logements_importer",
    ),
]

# La facturation et les relevés des bailleurs (facturation/urls.py).
urlpatterns += [path("", include("internet_pour_tous.facturation.urls"))]
# Le tableau de bord (tableau/urls.py), à la racine de la gestion.
urlpatterns += [path("", include("internet_pour_tous.tableau.urls"))]
