from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from brest_numerique.comptes.roles import action_requise
from brest_numerique.etats import TransitionInterdite
from brest_numerique.limites import atteinte, compter, limites_d_envoi
from brest_numerique.views import erreur_429
from programmes.accompagnement.forms import DemandeForm, FiltresForm, TransitionForm
from programmes.accompagnement.models import OUVERTES, DemandeAccompagnement, Dispositif, Statut
from programmes.accompagnement.services import demande_deposer

DEMANDES_PAR_PAGE = 25
# Les Webmestres tiennent les pages du programme : les demandes venues de ces
# pages leur reviennent.
ACTION_EQUIPE = "publier_contenus"


def _dispositif(code: str) -> Dispositif:
    try:
        return Dispositif(code)
    except ValueError:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def deposer(request, dispositif: str):
    """Le formulaire seul (GET) et son envoi (POST), à la même adresse : la page
    d'erreur rechargée réaffiche le formulaire au lieu de répondre 405."""
    dispositif = _dispositif(dispositif)
    if request.method == "GET":
        return _page_du_formulaire(request, dispositif, DemandeForm())
    compteurs = limites_d_envoi(
        request, prefixe="accompagnement", email=request.POST.get("email", "")
    )
    if atteinte(compteurs):
        return erreur_429(request)
    form = DemandeForm(request.POST)
    # Un robot pris au piège reçoit la réponse d'un envoi réussi, et rien n'est
    # écrit (brest_numerique/pieges.py).
    if not form.est_un_robot():
        if not form.is_valid():
            return _page_du_formulaire(request, dispositif, form, status=400)
        demande_deposer(dispositif=dispositif, donnees=form.cleaned_data)
        # Seul un envoi réussi compte : une faute de saisie ne rapproche de rien.
        compter(compteurs)
    return redirect("accompagnement:merci", dispositif=dispositif)


def _page_du_formulaire(request, dispositif: Dispositif, form: DemandeForm, status: int = 200):
    contexte = {"form": form, "dispositif": dispositif, "libelle": dispositif.label}
    return render(request, "accompagnement/page_formulaire.html", contexte, status=status)


@require_safe
def merci(request, dispositif: str):
    dispositif = _dispositif(dispositif)
    return render(
        request,
        "accompagnement/merci.html",
        {"dispositif": dispositif, "libelle": dispositif.label},
    )


@require_safe
@action_requise(ACTION_EQUIPE)
def liste(request):
    filtres = FiltresForm(request.GET)
    valeurs = filtres.cleaned_data if filtres.is_valid() else {}
    statut = valeurs.get("statut", "")
    dispositif = valeurs.get("dispositif", "")
    filtre_dispositif = Q(dispositif=dispositif) if dispositif else Q()
    if statut == FiltresForm.A_TRAITER:
        filtre_statut = OUVERTES
    else:
        filtre_statut = Q(statut=statut) if statut else Q()
    demandes = DemandeAccompagnement.objects.filter(filtre_dispositif & filtre_statut)

    # Tous les compteurs en une requête : par statut (dans le dispositif choisi),
    # par dispositif (dans le statut choisi), et le total de la liste affichée.
    comptes = DemandeAccompagnement.objects.aggregate(
        total=Count("pk", filter=filtre_dispositif & filtre_statut),
        **{f"statut_{s}": Count("pk", filter=filtre_dispositif & Q(statut=s)) for s in Statut},
        **{
            f"dispositif_{d}": Count("pk", filter=filtre_statut & Q(dispositif=d))
            for d in Dispositif
        },
    )
    paginator = Paginator(demandes.select_related("traitee_par"), DEMANDES_PAR_PAGE)
    # Le total est déjà compté : pas de seconde requête COUNT pour la pagination.
    paginator.count = comptes["total"]
    page = paginator.get_page(request.GET.get("page"))
    requete = urlencode({nom: valeur for nom, valeur in valeurs.items() if valeur})
    return render(
        request,
        "accompagnement/equipe_liste.html",
        {
            "filtres": filtres,
            "page": page,
            "requete": requete,
            "total": comptes["total"],
            "par_statut": [(s, comptes[f"statut_{s}"]) for s in Statut],
            "par_dispositif": [(d, comptes[f"dispositif_{d}"]) for d in Dispositif],
        },
    )


@require_http_methods(["GET", "POST"])
@action_requise(ACTION_EQUIPE)
def detail(request, pk: int):
    demande = get_object_or_404(DemandeAccompagnement.objects.select_related("traitee_par"), pk=pk)
    if request.method == "POST":
        form = TransitionForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Action inconnue, ou note trop longue (2000 caractères au plus).")
            )
            return redirect("accompagnement:detail", pk=demande.pk)
        action = form.cleaned_data["action"]
        arguments = {"par": request.user}
        if action != "prendre_en_charge":
            arguments["note"] = form.cleaned_data["note"]
        try:
            getattr(demande, action)(**arguments)
        except TransitionInterdite as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("C'est noté\u00a0: la demande est « %(statut)s ».")
                % {"statut": demande.get_statut_display().lower()},
            )
        return redirect("accompagnement:detail", pk=demande.pk)
    return render(
        request,
        "accompagnement/equipe_detail.html",
        {
            "demande": demande,
            "historique": demande.historique.select_related("par"),
            "actions": demande.transitions_permises(),
        },
    )
