"""Les adresses de l'appel à projets côté public et côté structures candidates
(/appels-a-projets/). L'instruction a les siennes (/instruction/,
projets/instruction/urls.py). Chaque module inclus appartient à une notion."""

from django.urls import include, path

app_name = "projets"

urlpatterns = [
    # Statistiques, lauréats et leurs données ouvertes (avant « <année>/ »).
    path("", include("projets.laureats.urls")),
    # Éditions : page publique, éditions passées, calendrier iCal.
    path("", include("projets.publiques.urls")),
    # Espace candidat, structures, membres et invitations.
    path("", include("projets.candidature.urls")),
    # Le dossier : brouillon, budget, dépôt, retrait, compléments.
    path("dossiers/", include("projets.candidature.urls_dossiers")),
    # Pièces jointes (servies après vérification des droits).
    path("pieces/", include("projets.pieces.urls")),
    # Messagerie côté candidat.
    path("dossiers/", include("projets.echanges.urls")),
    # Récapitulatif PDF et export des données de la structure.
    path("", include("projets.exports.urls_candidat")),
]
