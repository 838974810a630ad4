from django.urls import path

from brest_numerique.comptes import views

app_name = "comptes"

urlpatterns = [
    path("", views.compte, name="compte"),
    path("supprimer/", views.supprimer, name="supprimer"),
]
