from django.urls import path

from projets.publiques import views

urlpatterns = [
    path("", views.presentation, name="presentation"),
    path("<int:annee>/", views.edition, name="edition"),
    path("<int:annee>/calendrier.ics", views.edition_ical, name="edition_ical"),
]
