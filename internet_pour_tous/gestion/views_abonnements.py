"""Les pages des abonnements pour les gestionnaires : demandes à traiter, liste
filtrée, page d'un abonnement avec son historique et ses décisions (POST)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from brest_numerique.comptes.roles import action_requise
from brest_numerique.etats import TransitionInterdite
from brest_numerique.methodes import post_seulement
from internet_pour_tous.abonnements import services
from internet_pour_tous.gestion.forms import (
    ActivationForm,
    DateForm,
    DateMotifForm,
    FiltresForm,
    MotifForm,
)
from internet_pour_tous.models import (
    Abonnement,
    Bailleur,
    HistoriqueAbonnement,
    PeriodeActivite,
    Secteur,
)

ACTION = "gerer_internet_pour_tous"
PAR_PAGE = 50
RELATIONS = ("logement__residence__secteur__bailleur",)

# action : (formulaire, service, arguments lus du formulaire, message)
DECISIONS = {
    "activer": (ActivationForm, services.abonnement_activer, ("debut",), _("Abonnement activé.")),
    "refuser": (MotifForm, services.abonnement_refuser, ("motif",), _("Demande refusée.")),
    "suspendre": (
        DateMotifForm,
        services.abonnement_suspendre,
        ("le", "motif"),
        _("Abonnement suspendu."),
    ),
    "reprendre": (DateForm, services.abonnement_reprendre, ("le",), _("Abonnement repris.")),
    "resilier": (
        DateMotifForm,
        services.abonnement_resilier,
        ("le", "motif"),
        _("Abonnement résilié."),
    ),
}


def _page(request, queryset):
    return Paginator(queryset, PAR_PAGE).get_page(request.GET.get("page"))


def _requete_sans(request, *noms) -> str:
    requete = request.GET.copy()
    for nom in noms:
        requete.pop(nom, None)
    return requete.urlencode()


@require_safe
@action_requise(ACTION)
def demandes(request):
    a_traiter = Abonnement.objects.filter(statut=Abonnement.Statut.DEMANDE).select_related(
        *RELATIONS
    )
    page = _page(request, a_traiter.order_by("cree_le", "pk"))
    return render(request, "internet_pour_tous/gestion/demandes.html", {"page": page})


@require_safe
@action_requise(ACTION)
def abonnements(request):
    bailleurs = list(Bailleur.objects.order_by("nom"))
    secteurs = list(Secteur.objects.order_by("nom"))
    filtres = FiltresForm(request.GET or None, bailleurs=bailleurs, secteurs=secteurs)
    valeurs = filtres.valeurs() if request.GET else {}
    choisis = Abonnement.objects.all()
    if "bailleur" in valeurs:
        choisis = choisis.filter(logement__bailleur_id=valeurs["bailleur"])
    if "secteur" in valeurs:
        choisis = choisis.filter(logement__residence__secteur_id=valeurs["secteur"])
    if "residence" in valeurs:
        choisis = choisis.filter(logement__residence_id=valeurs["residence"])
    if "q" in valeurs:
        q = valeurs["q"].strip()
        choisis = choisis.filter(
            Q(titulaire__icontains=q) | Q(email__icontains=q) | Q(logement__reference__icontains=q)
        )
    comptes = choisis.aggregate(
        total=Count("pk"),
        **{s.value: Count("pk", filter=Q(statut=s.value)) for s in Abonnement.Statut},
    )
    par_etat = [(s, comptes[s.value]) for s in Abonnement.Statut]
    if "statut" in valeurs:
        choisis = choisis.filter(statut=valeurs["statut"])
    page = _page(request, choisis.select_related(*RELATIONS).order_by("-cree_le", "-pk"))
    return render(
        request,
        "internet_pour_tous/gestion/abonnements.html",
        {
            "filtres": filtres,
            "page": page,
            "par_etat": par_etat,
            "total": page.paginator.count,
            "requete": _requete_sans(request, "page"),
            "requete_sans_etat": _requete_sans(request, "page", "statut"),
        },
    )


def _formulaires(abonnement, lie=None, action=None) -> dict:
    formulaires = {}
    for nom, (classe, *_reste) in DECISIONS.items():
        if Abonnement.MACHINE.permise(nom, abonnement.statut):
            formulaires[nom] = lie if nom == action else classe(prefix=nom)
    return formulaires


def _abonnement(pk: int) -> Abonnement:
    return get_object_or_404(
        Abonnement.objects.select_related(*RELATIONS, "compte").prefetch_related(
            Prefetch("historique", HistoriqueAbonnement.objects.select_related("par")),
            Prefetch("periodes", PeriodeActivite.objects.order_by("debut")),
        ),
        pk=pk,
    )


def _page_abonnement(request, abonnement, formulaires, statut=200):
    libelles = dict(Abonnement.Statut.choices)
    for etape in abonnement.historique.all():
        etape.de_libelle = libelles.get(etape.de, etape.de)
        etape.vers_libelle = libelles.get(etape.vers, etape.vers)
    return render(
        request,
        "internet_pour_tous/gestion/abonnement.html",
        {"abonnement": abonnement, "formulaires": formulaires},
        status=statut,
    )


@require_safe
@action_requise(ACTION)
def abonnement(request, abonnement: int):
    objet = _abonnement(abonnement)
    return _page_abonnement(request, objet, _formulaires(objet))


def _page_de_l_abonnement(request, abonnement: int, action: str) -> str:
    return reverse("gestion_ipt:abonnement", args=[abonnement])


@post_seulement(retour=_page_de_l_abonnement)
@action_requise(ACTION)
def abonnement_transition(request, abonnement: int, action: str):
    if action not in DECISIONS:
        raise Http404
    objet = _abonnement(abonnement)
    classe, service, arguments, message = DECISIONS[action]
    formulaire = classe(request.POST, prefix=action)
    if formulaire.is_valid():
        try:
            service(objet, par=request.user, **{a: formulaire.cleaned_data[a] for a in arguments})
        except TransitionInterdite as refus:
            messages.error(request, str(refus))
            return redirect("gestion_ipt:abonnement", abonnement=objet.pk)
        except ValidationError as erreur:
            if hasattr(erreur, "error_dict"):
                for champ, liste in erreur.error_dict.items():
                    for e in liste:
                        formulaire.add_error(champ if champ in formulaire.fields else None, e)
            else:
                formulaire.add_error(None, erreur)
        else:
            messages.success(request, message)
            return redirect("gestion_ipt:abonnement", abonnement=objet.pk)
    objet = _abonnement(abonnement)
    return _page_abonnement(request, objet, _formulaires(objet, formulaire, action), statut=400)
