"""Les exports côté instruction (inclus dans /instruction/, namespace "instruction")."""

from django.urls import path

from projets.exports import views

urlpatterns = [
    path("<int:annee>/export.<str:format>/", views.export, name="export"),
    path(
        "dossiers/<int:dossier>/recapitulatif.pdf",
        views.dossier_pdf_instruction,
        name="dossier_pdf",
    ),
    path("dossiers/<int:dossier>/dossier.zip", views.dossier_zip, name="dossier_zip"),
]
