"""Les adresses du dossier côté candidat (sous /appels-a-projets/dossiers/)."""

from django.urls import path

from projets.candidature import views_dossiers

urlpatterns = [
    path("nouveau/<int:annee>/", views_dossiers.dossier_creer, name="dossier_creer"),
    path("<int:dossier>/", views_dossiers.dossier, name="dossier"),
    path("<int:dossier>/deposer/", views_dossiers.dossier_deposer, name="dossier_deposer"),
    path("<int:dossier>/completer/", views_dossiers.dossier_completer, name="dossier_completer"),
    path("<int:dossier>/retirer/", views_dossiers.dossier_retirer, name="dossier_retirer"),
    path("<int:dossier>/supprimer/", views_dossiers.dossier_supprimer, name="dossier_supprimer"),
]
