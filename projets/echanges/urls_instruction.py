"""La messagerie côté instruction, incluse sous /instruction/ (namespace "instruction")."""

from django.urls import path

from projets.echanges import views

urlpatterns = [
    path("dossiers/<int:dossier>/messages/", views.messages_instruction, name="messages"),
]
