from django.urls import path
from django.views.generic import TemplateView

from programmes.views import servir

app_name = "programmes"


urlpatterns = [
    # L'accueil est la racine du site Wagtail ; ce nom garde les liens du portail.
    path("", servir, {"path": ""}, name="accueil"),
    path(
        "programme/",
        TemplateView.as_view(template_name="programmes/programme.html"),
        name="programme",
    ),
]
