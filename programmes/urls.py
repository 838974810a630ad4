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
]
