"""L'aperçu de l'éditeur Wagtail : il s'affiche dans son cadre (CSP) et ne montre ni
fil ni formulaire de commentaires, même pour une page pas encore enregistrée."""

import pytest
from django.test import Client
from django.urls import reverse

from programmes.models import ActualitesPage

pytestmark = pytest.mark.django_db


def _directives(reponse) -> dict[str, str]:
    politique = reponse.headers["Content-Security-Policy"]
    return dict(d.strip().split(" ", 1) for d in politique.split(";") if d.strip())


def test_l_apercu_d_une_actualite_neuve_s_affiche_dans_le_cadre_de_l_editeur(client, webmestre):
    client.force_login(webmestre)
    liste = ActualitesPage.objects.get()
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=["programmes", "actualitepage", liste.pk]
    )
    formulaire = {"title": "Une actualité pas encore enregistrée", "slug": "neuve"}
    formulaire |= {"date": "2026-12-01", "chapo": "Le chapô.", "corps-count": "0"}
    envoi = client.post(url, formulaire)
    assert envoi.json() == {"is_valid": True, "is_available": True}

    apercu = client.get(url, {"in_preview_panel": "true"})

    assert apercu.status_code == 200
    html = apercu.content.decode()
    assert "Une actualité pas encore enregistrée" in html
    assert "les commentaires publiés et le formulaire paraîtront ici" in html
    assert "formulaire-commentaire" not in html
    assert apercu.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert _directives(apercu)["frame-ancestors"] == "'self'"


def test_une_page_publique_reste_interdite_de_cadre():
    reponse = Client().get("/actualites/")

    assert reponse.headers["X-Frame-Options"] == "DENY"
    assert _directives(reponse)["frame-ancestors"] == "'none'"
