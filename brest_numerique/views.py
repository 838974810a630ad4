from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from brest_numerique import sante as sonde


@never_cache
@require_safe
def sante(request: HttpRequest) -> JsonResponse:
    """État complet ; `?portee=web` se limite à ce qu'il faut pour servir les pages.
    503 seulement en panne : dégradée, la machine sert encore les pages."""
    portee = request.GET.get("portee", "complete")
    if portee not in ("complete", "web"):
        return JsonResponse({"erreur": "portee doit valoir complete ou web"}, status=400)
    niveau, rapport = sonde.etat(web_seulement=portee == "web")
    return JsonResponse(
        {"statut": niveau, "verifications": rapport},
        status=503 if niveau == sonde.EN_PANNE else 200,
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def plancher(request: HttpRequest) -> HttpResponse:
    """Vue triviale servant de référence aux mesures de charge (bench/), qui
    n'existe que quand le banc la demande (PLANCHER_ACTIF)."""
    if not settings.PLANCHER_ACTIF:
        raise Http404
    return HttpResponse("ok", content_type="text/plain")


def _erreur(gabarit: str, statut: int):
    def vue(request: HttpRequest, exception=None) -> HttpResponse:
        return render(request, gabarit, status=statut)

    return vue


erreur_400 = _erreur("400.html", 400)
erreur_403 = _erreur("403.html", 403)
erreur_404 = _erreur("404.html", 404)
erreur_429 = _erreur("429.html", 429)


def erreur_500(request: HttpRequest) -> HttpResponse:
    # Rendu sans contexte de requête : la base ou le cache peuvent être en panne.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
