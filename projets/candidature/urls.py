"""Les adresses de l'espace candidat, des structures et des invitations."""

from django.urls import path

from projets.candidature import views_structures

urlpatterns = [
    path("espace/", views_structures.espace, name="espace"),
    path("structures/nouvelle/", views_structures.structure_creer, name="structure_creer"),
    path("structures/<int:structure>/", views_structures.structure, name="structure"),
    path("structures/<int:structure>/inviter/", views_structures.inviter, name="inviter"),
    path("invitation/<str:jeton>/", views_structures.invitation, name="invitation"),
]
