from django.urls import path

from brest_numerique.notifications import views

app_name = "notifications"

urlpatterns = [
    path("desabonnement/<str:jeton>/", views.desabonnement, name="desabonnement"),
]
