from django.urls import path

from projets.instruction import views

app_name = "instruction"

urlpatterns = [
    path("dossiers/<int:dossier>/", views.dossier, name="dossier"),
]
