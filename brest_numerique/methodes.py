"""Les méthodes HTTP qu'une adresse refuse, sans jamais laisser un humain devant
une page « 405 ».

Un point d'arrivée POST qui réaffiche son formulaire avec des erreurs laisse le
navigateur sur son adresse : rechargée, mise en favori ou partagée, elle reçoit
un GET. `post_seulement(retour=…)` remplace `require_POST` pour les vues qu'un
humain atteint par un formulaire : ce GET (ou HEAD) est renvoyé vers la page à
laquelle le formulaire appartient, qui vérifie elle-même les droits.

Une 405 reste possible pour les autres méthodes (PUT, DELETE…) et pour les points
techniques : `Page405Middleware` lui donne la page française du portail, en
gardant l'en-tête Allow.
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.log import log_response

Retour = str | Callable[..., str]


def _adresse_de_retour(retour: Retour, request: HttpRequest, kwargs: dict) -> str:
    if callable(retour):
        return retour(request, **kwargs)
    try:
        return reverse(retour, kwargs=kwargs)
    except NoReverseMatch:
        # Une page sans paramètres (la file de modération, l'espace du candidat).
        return reverse(retour)


def post_seulement(*, retour: Retour):
    """La vue n'accepte que POST ; un GET ou un HEAD est redirigé vers `retour` :
    un nom d'URL (qui reçoit les paramètres de la vue, ou n'en attend aucun) ou une fonction
    `retour(request, **kwargs) -> adresse` (qui peut lever Http404)."""

    def decorateur(vue):
        @wraps(vue)
        def envelopper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                return vue(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                return HttpResponseRedirect(_adresse_de_retour(retour, request, kwargs))
            reponse = HttpResponseNotAllowed(["GET", "HEAD", "POST"])
            log_response(
                "Method Not Allowed (%s): %s",
                request.method,
                request.path,
                response=reponse,
                request=request,
            )
            return reponse

        return envelopper

    return decorateur


class Page405Middleware:
    """Le corps de toute réponse 405 devient la page 405.html du portail : Django
    n'a pas de gestionnaire d'erreur pour ce statut, et sa réponse est vide."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reponse = self.get_response(request)
        if isinstance(reponse, HttpResponseNotAllowed):
            # L'en-tête Allow reste celui de la vue ; seul le corps change.
            reponse.content = loader.render_to_string("405.html", request=request)
            reponse["Content-Type"] = "text/html; charset=utf-8"
        return reponse
