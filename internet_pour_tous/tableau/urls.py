"""Le tableau de bord, inclus par gestion/urls.py (namespace "gestion_ipt")."""

from django.urls import path

from internet_pour_tous.tableau import views

urlpatterns = [path("", views.tableau, name="tableau")]
