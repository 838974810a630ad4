from django.urls import path

from internet_pour_tous.public import espace, views
from internet_pour_tous.tableau.donnees_ouvertes import donnees_ouvertes

app_name = "internet_pour_tous"


urlpatterns = [
    path("", views.presentation, name="presentation"),
    path("eligibilite/", views.eligibilite, name="eligibilite"),
    path("eligibilite/suggestions.json", views.suggestions, name="suggestions"),
    path("demande/<int:residence>/", views.demande, name="demande"),
    path("demande/envoyee/", views.demande_envoyee, name="demande_envoyee"),
    path("mon-abonnement/", espace.espace, name="espace"),
    path("mon-abonnement/<int:abonnement>/attestation/", espace.attestation, name="attestation"),
    path(
        "mon-abonnement/<int:abonnement>/attestation.pdf",
        espace.attestation_pdf,
        name="attestation_pdf",
    ),
    path("mon-abonnement/mes-donnees.json", espace.mes_donnees, name="mes_donnees"),
]

# Données ouvertes : les chiffres par secteur et par mois (tableau/donnees_ouvertes.py).
urlpatterns += [path("donnees/secteurs.csv", donnees_ouvertes, name="donnees_ouvertes")]
