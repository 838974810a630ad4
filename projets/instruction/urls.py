"""Les adresses de l'instruction (/instruction/, namespace "instruction") : les pages
des Instructeurs, puis la messagerie et les exports côté instruction."""

from django.urls import include, path

from projets.instruction import views

app_name = "instruction"

urlpatterns = [
    path("dossiers/<int:dossier>/", views.dossier, name="dossier"),
    # Messagerie côté instruction (projets/echanges).
    path("", include("projets.echanges.urls_instruction")),
    # Exports CSV, XLSX, ODS, ZIP d'un dossier (projets/exports).
    path("", include("projets.exports.urls_instruction")),
]
