"""Le procès-verbal du jury d'une édition : composition, conflits d'intérêts
déclarés, classement, décisions et délibérations du conseil. Une page imprimable
(feuille de style d'impression) et le même contenu en PDF (WeasyPrint).

Le PDF ne va chercher aucune ressource : sa feuille de style est lue sur le disque
et mise dans la page, et le `url_fetcher` refuse toute adresse."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from projets.deliberation import classement
from projets.deliberation.models import Decision, DeliberationConseil
from projets.jury.models import Evaluation

FEUILLE = "css/proces-verbal.css"


def contexte(edition) -> dict:
    """Tout ce que le procès-verbal montre, en un nombre fixe de requêtes."""
    lignes = classement.classer(edition)
    jures = list(
        get_user_model()
        .objects.filter(jurys__edition=edition)
        .order_by("last_name", "first_name", "email")
    )
    conflits = list(
        Evaluation.objects.filter(dossier__edition=edition, statut=Evaluation.Statut.CONFLIT)
        .select_related("jure", "dossier")
        .order_by("dossier__rang", "jure__last_name", "pk")
    )
    deliberations = list(
        DeliberationConseil.objects.filter(edition=edition).prefetch_related(
            Prefetch(
                "decisions",
                Decision.objects.select_related("dossier").order_by("dossier__rang"),
            )
        )
    )
    return {
        "edition": edition,
        "lignes": lignes,
        "indice_enveloppe": classement.ligne_de_l_enveloppe(lignes),
        "jures": jures,
        "conflits": conflits,
        "deliberations": deliberations,
        "total_accorde": classement.total_accorde(lignes),
        "genere_le": timezone.localtime(),
    }


def proces_verbal_pdf(edition) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class RienDuDehors(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"Ressource refusée dans le procès-verbal : {url[:200]}")

    feuille = Path(finders.find(FEUILLE)).read_text(encoding="utf-8")
    html = render_to_string(
        "projets/deliberation/proces_verbal_pdf.html", {**contexte(edition), "feuille": feuille}
    )
    return HTML(string=html, url_fetcher=RienDuDehors()).write_pdf(pdf_variant="pdf/ua-1")
