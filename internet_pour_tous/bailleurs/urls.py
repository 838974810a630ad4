"""L'espace des bailleurs (/bailleur/, namespace "bailleur") : leurs secteurs,
abonnements et relevés, rien d'autre."""

from django.urls import path

from internet_pour_tous.bailleurs import views

app_name = "bailleur"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("abonnements/", views.abonnements, name="abonnements"),
    path("releves/", views.releves, name="releves"),
    path("releves/<int:releve>.<str:format>", views.releve_fichier, name="releve_fichier"),
    path("releves/<int:releve>/impayes/", views.impayes_importer, name="impayes_importer"),
]
