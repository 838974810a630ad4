"""/robots.txt : les espaces de gestion et les pages propres à un compte n'ont rien
à faire dans un moteur de recherche ; le plan du site dit où est le reste."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

CHEMINS_EXCLUS = (
    "/admin/",
    "/cms/",
    "/moderation/",
    "/compte/",
    "/commentaires/",
    "/notifications/",
    "/accompagnement/equipe/",
)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lignes = [
        "User-agent: *",
        *(f"Disallow: {chemin}" for chemin in CHEMINS_EXCLUS),
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lignes) + "\n", content_type="text/plain; charset=utf-8")
