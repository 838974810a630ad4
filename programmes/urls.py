from django.urls import path
from django.views.generic import TemplateView

from programmes import views

app_name = "programmes"


urlpatterns = [
    path("", views.accueil, name="accueil"),
    path(
        "programme/",
        TemplateView.as_view(template_name="programmes/programme.html"),
        name="programme",
    ),
    path(
        "appels-a-projets/",
        TemplateView.as_view(template_name="programmes/appel_a_projets.html"),
        name="appel_a_projets",
    ),
    path(
        "internet-pour-tous/",
        TemplateView.as_view(template_name="programmes/internet_pour_tous.html"),
        name="internet_pour_tous",
    ),
]
