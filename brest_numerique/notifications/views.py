from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from brest_numerique.notifications.models import Desabonnement
from brest_numerique.notifications.services import lire_jeton_desabonnement
from brest_numerique.notifications.types import SORTES


# La désinscription en un clic (RFC 8058) est un POST venu de la messagerie, sans
# jeton CSRF : la signature du lien tient lieu d'autorisation.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def desabonnement(request: HttpRequest, jeton: str) -> HttpResponse:
    try:
        email, code = lire_jeton_desabonnement(jeton)
        sorte = SORTES[code]
    except (signing.BadSignature, KeyError, TypeError):
        return render(request, "notifications/desabonnement_invalide.html", status=400)
    if sorte.essentielle:
        return render(request, "notifications/desabonnement_invalide.html", status=400)
    # Un GET (aperçu d'un lien par un antivirus, par exemple) ne change rien.
    if request.method == "POST":
        Desabonnement.objects.get_or_create(email=email.lower(), sorte=code)
        return render(request, "notifications/desabonne.html", {"email": email, "sorte": sorte})
    return render(
        request, "notifications/desabonnement_confirmer.html", {"email": email, "sorte": sorte}
    )
