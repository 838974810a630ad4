from django.urls import path

from programmes.accompagnement import views

app_name = "accompagnement"

urlpatterns = [
    # Les pages de l'équipe d'abord : « equipe » n'est pas un dispositif.
    path("equipe/", views.liste, name="liste"),
    path("equipe/<int:pk>/", views.detail, name="detail"),
    path("<slug:dispositif>/", views.deposer, name="formulaire"),
    # La même adresse sous le nom où l'on envoie : le formulaire inclus dans les
    # pages du programme poste ici, et son rechargement réaffiche le formulaire.
    path("<slug:dispositif>/", views.deposer, name="deposer"),
    path("<slug:dispositif>/merci/", views.merci, name="merci"),
]
