"""La file de l'équipe pour les erreurs signalées sur les lieux, à côté de la file
des commentaires (/moderation/signalements/)."""

from django.urls import path

from papi import signalements

app_name = "signalements"

urlpatterns = [
    path("", signalements.file, name="file"),
    path("<int:pk>/clore/", signalements.clore, name="clore"),
]
