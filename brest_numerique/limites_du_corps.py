"""La taille des requêtes, plafonnée par l'application elle-même.

Le mandataire inverse a sa propre limite, mais le portail ne s'y fie pas : une
requête dont le corps dépasse le plafond de sa vue reçoit une 413 sans que rien
ne soit lu. Le plafond par défaut (TAILLE_MAX_REQUETE) vaut pour toutes les
vues ; celles qui reçoivent des fichiers le relèvent avec `taille_max_du_corps`.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

ATTRIBUT = "taille_max_du_corps"


def taille_max_du_corps(octets: int) -> Callable:
    """Décorateur de vue : le corps de la requête peut atteindre `octets`."""

    def decorer(vue: Callable) -> Callable:
        @wraps(vue)
        def envelopper(*args, **kwargs):
            return vue(*args, **kwargs)

        # wraps() recopie les attributs : le plafond suit la vue à travers les
        # enveloppes (admin_view, login_required…) jusqu'au résolveur d'URL.
        setattr(envelopper, ATTRIBUT, octets)
        return envelopper

    return decorer


class PlafondDesFichiers(FileUploadHandler):
    """Compte les octets reçus pendant la lecture : arrête une requête dont
    l'en-tête Content-Length mentait."""

    def __init__(self, plafond: int, request=None):
        super().__init__(request)
        self.plafond = plafond
        self.recus = 0

    def receive_data_chunk(self, raw_data, start):
        self.recus += len(raw_data)
        if self.recus > self.plafond:
            raise RequestDataTooBig("Fichier plus gros que le plafond de cette page.")
        return raw_data

    def file_complete(self, file_size):
        return None


def _trop_gros(request: HttpRequest, plafond: int) -> HttpResponse:
    return render(
        request, "413.html", {"plafond_mo": max(1, round(plafond / 1024 / 1024))}, status=413
    )


class LimiteDuCorpsMiddleware:
    """Placé avant CsrfViewMiddleware, qui lit le corps des POST."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, vue, args, kwargs):
        plafond = getattr(vue, ATTRIBUT, settings.TAILLE_MAX_REQUETE)
        try:
            annonce = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            annonce = 0
        if annonce > plafond:
            return _trop_gros(request, plafond)
        request.upload_handlers.insert(0, PlafondDesFichiers(plafond, request))
        return None


def plafonner(motifs: list, octets: int) -> list:
    """Les mêmes adresses, dont chaque vue accepte un corps de `octets` : pour une
    application tierce qui reçoit des fichiers (l'administration de Wagtail)."""
    from django.urls import URLPattern, URLResolver

    plafonnes = []
    for motif in motifs:
        if isinstance(motif, URLResolver):
            plafonnes.append(
                URLResolver(
                    motif.pattern,
                    plafonner(motif.url_patterns, octets),
                    motif.default_kwargs,
                    motif.app_name,
                    motif.namespace,
                )
            )
        else:
            plafonnes.append(
                URLPattern(
                    motif.pattern,
                    taille_max_du_corps(octets)(motif.callback),
                    motif.default_args,
                    motif.name,
                )
            )
    return plafonnes
