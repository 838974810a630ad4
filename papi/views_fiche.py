"""La fiche d'un lieu et son formulaire « Signaler une erreur »."""

from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from brest_numerique.cache_anonyme import cache_anonyme
from brest_numerique.limites import adresse_ip, consommer
from brest_numerique.methodes import post_seulement
from brest_numerique.retour import ANCRE_DES_MESSAGES
from brest_numerique.views import erreur_429
from commentaires.models import version_des_commentaires
from papi import horaires
from papi.forms import SignalementForm
from papi.models import Lieu
from papi.services import lieu_signaler, version_des_lieux
from papi.views import page_demandee


def _cle_de_la_fiche(request) -> str | None:
    # `repondre` ouvre le formulaire de réponse : page propre à ce visiteur.
    if set(request.GET) - {"commentaires"}:
        return None
    return page_demandee(request, "commentaires")


# Le calculateur d'itinéraire d'OpenStreetMap : `route` est « départ;arrivée ».
# Le départ laissé vide, le visiteur le saisit (ou prend sa position) là-bas.
ITINERAIRE_OSM = "https://www.openstreetmap.org/directions"


def itineraire(lieu: Lieu) -> str:
    """L'adresse de l'itinéraire OpenStreetMap jusqu'au lieu ; vide sans coordonnées."""
    if lieu.latitude is None or lieu.longitude is None:
        return ""
    return f"{ITINERAIRE_OSM}?{urlencode({'route': f';{lieu.latitude},{lieu.longitude}'})}"


def modalites_acces(lieu: Lieu) -> list[str]:
    """Les modalités d'accès à afficher : « Téléphoner » sans numéro renseigné
    le dit, au lieu de laisser chercher sur la fiche un numéro qui n'y est pas."""
    return [
        _("Téléphoner (numéro non renseigné)")
        if modalite == "Téléphoner" and not lieu.telephone
        else modalite
        for modalite in lieu.modalites_acces
    ]


def _au_premier_usage(fonction, *args) -> SimpleLazyObject:
    """`fonction(*args)`, calculé quand le gabarit le lit pour la première fois :
    jamais si le fragment gardé des détails de la fiche sert à sa place."""
    return SimpleLazyObject(partial(fonction, *args))


def _page_detail(request, lieu: Lieu, form: SignalementForm, status: int = 200):
    maintenant = timezone.now()
    contexte = {
        "lieu": lieu,
        "etat": horaires.etat(lieu.horaires, maintenant),
        # La clé du fragment des détails : le jour de la semaine, férié ou non.
        "aujourdhui": horaires.aujourdhui(lieu.horaires, maintenant),
        # Ce que seul ce fragment montre.
        "semaine": _au_premier_usage(horaires.semaine, lieu.horaires),
        "jours_feries": _au_premier_usage(horaires.note_jours_feries, lieu.horaires),
        "itineraire": _au_premier_usage(itineraire, lieu),
        "modalites_acces": _au_premier_usage(modalites_acces, lieu),
        "form": form,
        "tuiles": settings.MAP_TILE_URL,
        # La clé du fragment des détails du lieu, gardé à part de la page.
        "version_des_lieux": version_des_lieux(),
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
    # Le vecteur de recherche et la Feature de la carte ne s'affichent pas : autant
    # ne pas les lire.
    lieu = get_object_or_404(Lieu.objects.publies().defer(*Lieu.CALCULES_PAR_LA_BASE), slug=slug)
    return _page_detail(request, lieu, SignalementForm())


def _formulaire_de_signalement(request, slug: str) -> str:
    # Un GET sur l'adresse de l'envoi (page d'erreur rechargée, mise en favori,
    # partagée) ramène au formulaire replié de la fiche.
    return reverse("papi:detail", args=[slug]) + "#signaler"


@post_seulement(retour=_formulaire_de_signalement)
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
    messages.success(request, _("Merci\u00a0: votre signalement a bien été transmis à l'équipe."))
    return redirect(lieu.get_absolute_url() + ANCRE_DES_MESSAGES)
