"""Les adresses de l'instruction (/instruction/, namespace "instruction") : les pages
des Instructeurs, puis la messagerie et les exports côté instruction."""

from django.urls import include, path

from projets.instruction import views

app_name = "instruction"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("<int:annee>/", views.edition, name="edition"),
    path("<int:annee>/actions/", views.actions_groupees, name="actions_groupees"),
    path("dossiers/<int:dossier>/", views.dossier, name="dossier"),
    # Les actions sur un dossier, chacune en POST.
    path(
        "dossiers/<int:dossier>/instruction/",
        views.ouvrir_instruction,
        name="ouvrir_instruction",
    ),
    path(
        "dossiers/<int:dossier>/complements/",
        views.demander_complements,
        name="demander_complements",
    ),
    path("dossiers/<int:dossier>/pret/", views.declarer_pret, name="declarer_pret"),
    path(
        "dossiers/<int:dossier>/irrecevable/",
        views.declarer_irrecevable,
        name="declarer_irrecevable",
    ),
    path("dossiers/<int:dossier>/a-suivre/", views.marquer_a_suivre, name="marquer_a_suivre"),
    path("dossiers/<int:dossier>/attribution/", views.attribuer, name="attribuer"),
    path("dossiers/<int:dossier>/annotations/", views.annoter, name="annoter"),
    # Messagerie côté instruction (projets/echanges).
    path("", include("projets.echanges.urls_instruction")),
    # Exports CSV, XLSX, ODS, ZIP d'un dossier (projets/exports).
    path("", include("projets.exports.urls_instruction")),
    # Jury : composition, dossiers confiés, suivi de la notation (projets/jury).
    path("", include("projets.jury.urls_instruction")),
    # Classement, décisions, vote du conseil, procès-verbal (projets/deliberation).
    path("", include("projets.deliberation.urls")),
]
