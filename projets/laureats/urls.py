"""Les lauréats, leurs pages, leurs données ouvertes et les statistiques de l'appel
à projets (incluses dans le namespace "projets")."""

from django.urls import path

from projets.laureats import views

urlpatterns = [
    path("statistiques/", views.statistiques, name="statistiques"),
    path("laureats.<str:format>", views.laureats_donnees, name="laureats_donnees"),
    path("<int:annee>/laureats/", views.laureats, name="laureats"),
    path("<int:annee>/laureats/<slug:laureat>/", views.laureat, name="laureat"),
]
