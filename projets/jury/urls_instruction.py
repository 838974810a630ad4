"""La composition du jury, les dossiers confiés et le suivi de la notation, côté
instruction (incluses dans le namespace "instruction")."""

from django.urls import path

from projets.jury import views_instruction

urlpatterns = [
    path("<int:annee>/jury/", views_instruction.jury, name="jury"),
    path("<int:annee>/jury/suivi/", views_instruction.suivi, name="jury_suivi"),
    path("<int:annee>/jury/rappels/", views_instruction.rappeler, name="jury_rappeler"),
]
