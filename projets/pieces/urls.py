from django.urls import path

from projets.pieces import views

urlpatterns = [
    path("ajouter/<int:dossier>/", views.ajouter, name="piece_ajouter"),
    path("<int:piece>/", views.telecharger, name="piece"),
    path("<int:piece>/supprimer/", views.supprimer, name="piece_supprimer"),
]
