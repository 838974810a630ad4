"""Le récapitulatif PDF d'un dossier et les données d'une structure, côté candidat
(inclus dans /appels-a-projets/, namespace "projets") : membres seulement."""

from django.urls import path

from projets.exports import views

urlpatterns = [
    path("dossiers/<int:dossier>/recapitulatif.pdf", views.dossier_pdf, name="dossier_pdf"),
    path(
        "structures/<int:structure>/donnees.zip",
        views.structure_donnees,
        name="structure_donnees",
    ),
    path(
        "structures/<int:structure>/donnees.json",
        views.structure_donnees_json,
        name="structure_donnees_json",
    ),
]
