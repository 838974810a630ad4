from django.urls import path

from projets.candidature import views_dossiers

urlpatterns = [
    path("<int:dossier>/", views_dossiers.dossier, name="dossier"),
]
