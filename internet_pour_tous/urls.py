from django.urls import path
from django.views.generic import TemplateView

from internet_pour_tous.tableau.donnees_ouvertes import donnees_ouvertes

app_name = "internet_pour_tous"


urlpatterns = [
    path(
        "",
        TemplateView.as_view(template_name="internet_pour_tous/presentation.html"),
        name="presentation",
    ),
]

# Données ouvertes : les chiffres par secteur et par mois (tableau/donnees_ouvertes.py).
urlpatterns += [path("donnees/secteurs.csv", donnees_ouvertes, name="donnees_ouvertes")]
