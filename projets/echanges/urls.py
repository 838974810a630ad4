"""La messagerie côté structure candidate, incluse sous /appels-a-projets/dossiers/
(namespace "projets")."""

from django.urls import path

from projets.echanges import views

urlpatterns = [
    path("<int:dossier>/messages/", views.messages_candidat, name="messages"),
]
