from django.urls import path

from commentaires import moderation, views

app_name = "commentaires"

urlpatterns = [
    path("commentaires/deposer/<int:type_id>/<int:objet_id>/", views.deposer, name="deposer"),
    path("commentaires/confirmer/<str:jeton>/", views.confirmer, name="confirmer"),
    path("commentaires/<int:pk>/signaler/", views.signaler, name="signaler"),
    path("commentaires/supprimer/<str:jeton>/", views.supprimer, name="supprimer"),
    path("moderation/", moderation.file, name="moderation"),
    path("moderation/agir/", moderation.agir, name="agir"),
    path("moderation/<int:pk>/decider/", moderation.decider, name="decider"),
    path("moderation/rythme/", moderation.rythme, name="rythme"),
]
