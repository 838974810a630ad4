"""Le classement, les décisions, les délibérations du conseil et le procès-verbal,
côté instruction (incluses dans le namespace "instruction")."""

from django.urls import path

from projets.deliberation import views

urlpatterns = [
    path("<int:annee>/classement/", views.classement_vue, name="classement"),
    path("dossiers/<int:dossier>/decision/", views.decider, name="decider"),
    path("<int:annee>/deliberations/", views.deliberations, name="deliberations"),
    path("<int:annee>/resultats/", views.resultats_publier, name="resultats_publier"),
    path("<int:annee>/proces-verbal/", views.proces_verbal_vue, name="proces_verbal"),
    path("<int:annee>/proces-verbal.pdf", views.proces_verbal_pdf, name="proces_verbal_pdf"),
]
