"""La file des erreurs signalées sur les fiches des lieux (/moderation/signalements/),
à côté de celle des commentaires : ceux qui les traitent dans l'administration y
lisent chaque signalement, le traitent ou le rejettent avec une note, par les
transitions du modèle (SignalementLieu.traiter et .rejeter), seul chemin de ces
changements."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brest_numerique.comptes.roles import action_requise, peut
from brest_numerique.etats import TransitionInterdite
from brest_numerique.methodes import post_seulement
from brest_numerique.retour import retour_dans
from papi.models import SignalementLieu

ACTION = "traiter_signalements_lieux"
PAR_PAGE = 25
TOUS = "tous"
Statut = SignalementLieu.Statut

# Par statut : le titre de la page et l'ordre de la liste. Les nouveaux se lisent
# du plus ancien au plus récent, comme une file ; les clos, les derniers clos d'abord.
VUES = {
    Statut.NOUVEAU: (gettext_lazy("Erreurs signalées à traiter"), ("cree_le", "pk")),
    Statut.TRAITE: (gettext_lazy("Erreurs signalées traitées"), ("-traite_le", "-pk")),
    Statut.REJETE: (gettext_lazy("Erreurs signalées rejetées"), ("-traite_le", "-pk")),
    TOUS: (gettext_lazy("Toutes les erreurs signalées"), ("-cree_le", "-pk")),
}


class FiltreSignalements(forms.Form):
    statut = forms.ChoiceField(
        label=gettext_lazy("Statut"),
        required=False,
        choices=[*Statut.choices, (TOUS, gettext_lazy("Tous"))],
    )


class ClotureForm(forms.Form):
    ACTIONS = [
        ("traiter", gettext_lazy("Marquer comme traité")),
        ("rejeter", gettext_lazy("Rejeter")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    note = forms.CharField(required=False, max_length=2000)


@action_requise(ACTION)
def file(request):
    filtre = FiltreSignalements(request.GET)
    statut = (filtre.cleaned_data["statut"] if filtre.is_valid() else "") or Statut.NOUVEAU
    titre, ordre = VUES[statut]
    signalements = SignalementLieu.objects.select_related("lieu", "traite_par").defer(
        "lieu__recherche"  # le vecteur de recherche, gros et jamais affiché ici
    )
    if statut != TOUS:
        signalements = signalements.filter(statut=statut)
    page = Paginator(signalements.order_by(*ordre), PAR_PAGE).get_page(request.GET.get("page"))
    requete = request.GET.copy()
    requete.pop("page", None)
    return render(
        request,
        "papi/signalements.html",
        {
            "titre": titre,
            "filtre": filtre,
            "page": page,
            "requete": requete.urlencode(),
            "actions": ClotureForm.ACTIONS,
            "vers_commentaires": peut(request.user, "moderer_commentaires"),
            "vers_signalements": True,
        },
    )


@post_seulement(retour="signalements:file")
@action_requise(ACTION)
def clore(request, pk: int):
    """Traiter ou rejeter un signalement, puis revenir à la file telle qu'elle était."""
    signalement = get_object_or_404(SignalementLieu.objects.select_related("lieu"), pk=pk)
    retour = retour_dans(request, reverse("signalements:file"))
    form = ClotureForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Choisissez « traité » ou « rejeté »\u202f; la note tient en 2\u00a0000 caractères."),
        )
        return redirect(retour)
    action = form.cleaned_data["action"]
    try:
        getattr(signalement, action)(par=request.user, note=form.cleaned_data["note"])
    except TransitionInterdite as refus:
        messages.warning(request, str(refus))
        return redirect(retour)
    if action == "rejeter":
        messages.success(
            request,
            _("Le signalement sur « %(lieu)s » est rejeté.") % {"lieu": signalement.lieu.nom},
        )
    elif signalement.email:
        messages.success(
            request,
            _(
                "Le signalement sur « %(lieu)s » est traité\u202f; %(email)s en est averti par courriel."
            )
            % {"lieu": signalement.lieu.nom, "email": signalement.email},
        )
    else:
        messages.success(
            request,
            _("Le signalement sur « %(lieu)s » est traité.") % {"lieu": signalement.lieu.nom},
        )
    return redirect(retour)
