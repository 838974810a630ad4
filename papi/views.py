import math

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from brest_numerique.cache_anonyme import cache_anonyme
from brest_numerique.limites import adresse_ip, consommer
from brest_numerique.nombres import entier
from brest_numerique.views import erreur_429
from commentaires.models import version_des_commentaires
from papi import horaires
from papi.filtres import FiltresLieux
from papi.forms import SignalementForm
from papi.models import Lieu
from papi.services import communes, lieu_signaler, version_des_lieux

LIEUX_PAR_PAGE = 20
KM_PAR_DEGRE = 111.2


# Au-delà, une page de résultats n'est plus gardée en cache (elle reste servie).
PAGES_GARDEES = 500


def _page_demandee(request, parametre: str) -> str | None:
    """« » sans numéro de page, « &page=N » pour un numéro valable et raisonnable,
    None (pas de cache) pour tout autre valeur."""
    if parametre not in request.GET:
        return ""
    numero = entier(request.GET[parametre], minimum=1, maximum=PAGES_GARDEES)
    return None if numero is None else f"&{parametre}={numero}"


def _cle_de_la_liste(request) -> str | None:
    filtres = FiltresLieux(request.GET, communes=communes())
    page = _page_demandee(request, "page")
    # Une valeur invalide s'affiche avec son erreur : cette page-là ne se garde pas.
    if page is None or not filtres.sans_erreur(autres=("page",)):
        return None
    return filtres.requete_canonique() + page


def _cle_de_la_fiche(request) -> str | None:
    # `repondre` ouvre le formulaire de réponse : page propre à ce visiteur.
    if set(request.GET) - {"commentaires"}:
        return None
    return _page_demandee(request, "commentaires")


# Une minute de cache : l'état « ouvert maintenant » reste juste à la minute près.
@require_safe
@cache_anonyme(prefixe="papi-liste", duree=60, versions=(version_des_lieux,), cle=_cle_de_la_liste)
def liste(request):
    filtres = FiltresLieux(request.GET, communes=communes())
    lieux = filtres.appliquer(Lieu.objects.publies())
    page = Paginator(lieux, LIEUX_PAR_PAGE).get_page(request.GET.get("page"))
    maintenant = timezone.now()
    for lieu in page:
        lieu.etat = horaires.etat(lieu.horaires, maintenant)
        distance2 = getattr(lieu, "distance2", None)
        lieu.distance_km = math.sqrt(distance2) * KM_PAR_DEGRE if distance2 is not None else None
    valeurs = filtres.valeurs()
    return render(
        request,
        "papi/liste.html",
        {
            "filtres": filtres,
            "page": page,
            "requete": filtres.requete_canonique(),
            "distance_impossible": valeurs.get("tri") == "distance"
            and not filtres.point_de_reference(valeurs),
            "tuiles": settings.MAP_TILE_URL,
        },
    )


def _page_detail(request, lieu: Lieu, form: SignalementForm, status: int = 200):
    contexte = {
        "lieu": lieu,
        "etat": horaires.etat(lieu.horaires, timezone.now()),
        "semaine": horaires.semaine(lieu.horaires),
        "jours_feries": horaires.note_jours_feries(lieu.horaires),
        "form": form,
        "tuiles": settings.MAP_TILE_URL,
    }
    return render(request, "papi/detail.html", contexte, status=status)


# Une minute, comme la liste : l'état « ouvert maintenant » reste juste à la minute.
@require_safe
@cache_anonyme(
    prefixe="papi-fiche",
    duree=60,
    # Une fiche change avec les lieux (horaires, services) et avec ses commentaires.
    versions=(version_des_lieux, version_des_commentaires),
    cle=_cle_de_la_fiche,
)
def detail(request, slug: str):
    lieu = get_object_or_404(Lieu.objects.publies(), slug=slug)
    return _page_detail(request, lieu, SignalementForm())


@require_POST
def signaler(request, slug: str):
    lieu = get_object_or_404(Lieu.objects.publies(), slug=slug)
    if not consommer(action="papi-signaler", cle=adresse_ip(request), limite=5, periode=3600):
        return erreur_429(request)
    form = SignalementForm(request.POST)
    # Un robot pris au piège reçoit la réponse d'un envoi réussi, et rien n'est
    # écrit (brest_numerique/pieges.py).
    if not form.est_un_robot():
        if not form.is_valid():
            return _page_detail(request, lieu, form, status=400)
        lieu_signaler(
            lieu=lieu, message=form.cleaned_data["message"], email=form.cleaned_data["email"]
        )
    messages.success(request, _("Merci : votre signalement a bien été transmis à l'équipe."))
    return redirect(lieu)
