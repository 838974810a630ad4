"""Les pages des jurés (/jury/, namespace "jury")."""

from django.urls import path

from projets.jury import views

app_name = "jury"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("<int:evaluation>/", views.evaluation, name="evaluation"),
    path("<int:evaluation>/soumettre/", views.soumettre, name="soumettre"),
    path("<int:evaluation>/conflit/", views.conflit, name="conflit"),
]
