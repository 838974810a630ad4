from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
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


def connexion_d_une_administration(*, entree_permise: Callable[[HttpRequest], bool], accueil: str):
    """La vue de connexion de l'éditeur (/cms/) ou de l'administration (/admin/),
    où chacune renvoie qui n'y entre pas.

    L'anonyme va se connecter sur la page du portail, avec sa destination ; qui a
    déjà le droit d'entrer va à sa destination (ou à `accueil`). Qui est connecté
    sans ce droit reçoit la page « Accès refusé » : la page de connexion du portail
    le renverrait aussitôt vers sa destination, qui le renverrait ici, sans fin.
    """

    def connexion(request: HttpRequest, **_kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            adresse = reverse("account_login")
            if request.META.get("QUERY_STRING"):
                adresse = f"{adresse}?{request.META['QUERY_STRING']}"
            return HttpResponseRedirect(adresse)
        if not entree_permise(request):
            # Wagtail a déjà laissé un message (« Vous n'avez pas l'autorisation… »)
            # que la page « Accès refusé » dit mieux : lu, donc consommé, et pas
            # affiché en double.
            list(messages.get_messages(request))
            return render(request, "403.html", {"messages": ()}, status=403)
        destination = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            destination, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            destination = reverse(accueil)
        return HttpResponseRedirect(destination)

    return connexion


def _erreur(gabarit: str, statut: int):
    def vue(request: HttpRequest, exception=None) -> HttpResponse:
        return render(request, gabarit, status=statut)

    return vue


erreur_400 = _erreur("400.html", 400)
erreur_403 = _erreur("403.html", 403)
erreur_404 = _erreur("404.html", 404)
erreur_429 = _erreur("429.html", 429)


def echec_csrf(request: HttpRequest, reason: str = "") -> HttpResponse:
    """La page 403 d'un formulaire sans jeton CSRF valide (CSRF_FAILURE_VIEW) : la
    page du portail, qui dit quoi faire, au lieu de la page technique de Django."""
    return render(request, "403_csrf.html", status=403)


def erreur_500(request: HttpRequest) -> HttpResponse:
    # Rendu sans contexte de requête : la base ou le cache peuvent être en panne.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
