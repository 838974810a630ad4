"""Les pages des Instructeurs : leurs éditions, la liste filtrée des dossiers d'une
édition (actions groupées comprises) et la page d'un dossier avec ses actions.

Chaque vue vérifie les droits en tête : `action_requise` (connexion, adresse
vérifiée, permission), puis la règle de l'objet — l'édition ou le dossier chargé
depuis l'adresse. Un brouillon n'existe pas pour l'instruction (404)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from brest_numerique.comptes.roles import action_requise, peut
from brest_numerique.etats import TransitionInterdite
from brest_numerique.methodes import post_seulement
from papi.models import Commune
from projets.budget import budget_du_dossier
from projets.echanges.services import avec_non_lus
from projets.instruction import services
from projets.instruction.forms import (
    ActionsGroupeesForm,
    AnnotationForm,
    ASuivreForm,
    ChoixInstructeurForm,
    ComplementsForm,
    FiltresForm,
    IrrecevableForm,
)
from projets.models import Phase, Public, Statut
from projets.regles import editions_instruites

ACTION = "instruire_dossiers"
DOSSIERS_PAR_PAGE = 50
# Les phases où l'on instruit : l'accueil mène droit à l'édition si elle est seule.
PHASES_EN_COURS = {Phase.OUVERT, Phase.CLOS, Phase.EN_DELIBERATION}
# Les transitions que l'instruction propose sur la page d'un dossier.
TRANSITIONS_INSTRUCTION = [
    "ouvrir_instruction",
    "demander_complements",
    "declarer_pret",
    "declarer_irrecevable",
]
GABARIT_PIECES = "projets/pieces/_pieces_du_dossier.html"

# Le dossier et tout ce que sa page lit d'une ligne, brouillons exclus.
DOSSIERS = services.dossier_pour_instruction()
sur_le_dossier = action_requise(ACTION, objet=(DOSSIERS, "dossier"))


@require_safe
@action_requise(ACTION)
def accueil(request):
    a_instruire = [Statut.DEPOSE, Statut.EN_INSTRUCTION, Statut.A_COMPLETER]
    editions = list(
        editions_instruites(request.user)
        .annotate(
            deposes=Count("dossiers", filter=~Q(dossiers__statut=Statut.BROUILLON)),
            a_instruire=Count("dossiers", filter=Q(dossiers__statut__in=a_instruire)),
        )
        .order_by("-annee")
    )
    maintenant = timezone.now()
    en_cours = [e for e in editions if e.phase(maintenant) in PHASES_EN_COURS]
    if len(en_cours) == 1 and "toutes" not in request.GET:
        return redirect("instruction:edition", annee=en_cours[0].annee)
    return render(request, "projets/instruction/accueil.html", {"editions": editions})


def _edition(request, annee: int):
    edition = services.edition_pour_instruction(annee)
    if edition is None:
        raise Http404
    if not peut(request.user, ACTION, edition):
        raise PermissionDenied
    return edition


def _choix_des_themes(edition) -> list[tuple[str, str]]:
    return [(str(theme["pk"]), theme["libelle"]) for theme in edition.themes_json]


@require_safe
@action_requise(ACTION)
def edition(request, annee: int):
    edition = _edition(request, annee)
    instructeurs = services.choix_des_instructeurs(edition.instructeurs_json)
    filtres = FiltresForm(
        request.GET,
        themes=_choix_des_themes(edition),
        communes=list(Commune.objects.values_list("code_insee", "nom")),
        instructeurs=instructeurs,
    )
    valeurs = filtres.valeurs()
    filtre, filtre_statut = services.filtre_des_dossiers(valeurs, user=request.user)
    comptes = services.comptes_par_etat(edition, filtre, filtre_statut)
    dossiers = (
        avec_non_lus(services.dossiers_instruits(edition), request.user)
        .filter(filtre & filtre_statut)
        .order_by(*services.TRIS[valeurs.get("tri", "numero")])
    )
    paginator = Paginator(dossiers, DOSSIERS_PAR_PAGE)
    # Le total est déjà compté avec les états : pas de second COUNT.
    paginator.count = comptes["total"]
    page = paginator.get_page(valeurs.get("page"))
    requete = urlencode({nom: valeur for nom, valeur in valeurs.items() if nom != "page"})
    return render(
        request,
        "projets/instruction/edition.html",
        {
            "edition": edition,
            "phase": edition.phase(),
            "filtres": filtres,
            "page": page,
            "requete": requete,
            "requete_sans_etat": urlencode(
                {nom: valeur for nom, valeur in valeurs.items() if nom not in ("page", "statut")}
            ),
            "total": comptes["total"],
            "par_etat": [(statut, comptes[statut.value]) for statut in services.ETATS_INSTRUITS],
            "actions": ActionsGroupeesForm(instructeurs=instructeurs, initial={"requete": requete}),
        },
    )


@post_seulement(retour="instruction:edition")
@action_requise(ACTION)
def actions_groupees(request, annee: int):
    edition = _edition(request, annee)
    form = ActionsGroupeesForm(
        request.POST, instructeurs=services.choix_des_instructeurs(edition.instructeurs_json)
    )
    # La requête de la liste, relue puis réécrite : rien d'autre ne passe dans l'adresse.
    requete = QueryDict(request.POST.get("requete", "")[:2000]).urlencode()
    retour = reverse("instruction:edition", args=[edition.annee]) + (
        f"?{requete}" if requete else ""
    )
    if not form.is_valid():
        for erreurs in form.errors.values():
            for erreur in erreurs:
                messages.error(request, erreur)
        return redirect(retour)
    action = form.cleaned_data["action"]
    bilan = services.dossiers_traiter_en_groupe(
        edition=edition,
        ids=form.cleaned_data["dossiers"],
        action=action,
        par=request.user,
        instructeur_id=form.instructeur_id() if action == "attribuer" else None,
    )
    if bilan.reussis:
        modele = (
            _("Attribués\u00a0: %(numeros)s.")
            if action == "attribuer"
            else _("Passés en instruction\u00a0: %(numeros)s.")
        )
        messages.success(request, modele % {"numeros": ", ".join(bilan.reussis)})
    for refus in bilan.refus:
        messages.error(request, refus)
    return redirect(retour)


# --- La page d'un dossier -------------------------------------------------------------


def _gabarit_present(nom: str) -> str | None:
    try:
        get_template(nom)
    except TemplateDoesNotExist:
        return None
    return nom


def _lien_messagerie(dossier) -> str | None:
    try:
        return reverse("instruction:messages", args=[dossier.pk])
    except NoReverseMatch:
        return None


def _page_du_dossier(request, dossier, *, status: int = 200, **formulaires):
    instructeurs = services.choix_des_instructeurs(dossier.instructeurs_json)
    permises = set(dossier.transitions_permises())
    contexte = {
        "dossier": dossier,
        "edition": dossier.edition,
        "structure": dossier.structure,
        "publics": [
            Public(valeur).label if valeur in Public.values else valeur
            for valeur in dossier.publics
        ],
        "budget": budget_du_dossier(dossier),
        "historique": list(services.historique_du_dossier(dossier)),
        "annotations": list(services.annotations_du_dossier(dossier)),
        "transitions": [t for t in TRANSITIONS_INSTRUCTION if t in permises],
        "gabarit_pieces": _gabarit_present(GABARIT_PIECES),
        "lien_messagerie": _lien_messagerie(dossier),
        "form_complements": formulaires.get("complements") or ComplementsForm(),
        "form_irrecevable": formulaires.get("irrecevable") or IrrecevableForm(),
        "form_annotation": formulaires.get("annotation") or AnnotationForm(),
        "form_attribution": formulaires.get("attribution")
        or ChoixInstructeurForm(
            instructeurs=instructeurs,
            initial={"instructeur": dossier.instructeur_id or ""},
        ),
    }
    return render(request, "projets/instruction/dossier.html", contexte, status=status)


@require_safe
@sur_le_dossier
def dossier(request, dossier):
    return _page_du_dossier(request, dossier)


def _retour(dossier, ancre: str = ""):
    return redirect(reverse("instruction:dossier", args=[dossier.pk]) + ancre)


def _erreurs_dans(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for champ, erreurs in exc.error_dict.items():
            form.add_error(champ if champ in form.fields else None, erreurs)
    else:
        form.add_error(None, exc)


def _etat_change(request, dossier) -> None:
    messages.success(
        request,
        _("C'est fait\u00a0: le dossier %(numero)s est « %(etat)s ».")
        % {"numero": dossier.numero, "etat": dossier.get_statut_display().lower()},
    )


@post_seulement(retour="instruction:dossier")
@sur_le_dossier
def ouvrir_instruction(request, dossier):
    return _transition_simple(request, dossier, "ouvrir_instruction")


@post_seulement(retour="instruction:dossier")
@sur_le_dossier
def declarer_pret(request, dossier):
    return _transition_simple(request, dossier, "declarer_pret")


def _transition_simple(request, dossier, action: str):
    try:
        getattr(dossier, action)(par=request.user)
    except TransitionInterdite as exc:
        messages.error(request, str(exc))
    else:
        _etat_change(request, dossier)
    return _retour(dossier)


def _transition_avec_formulaire(request, dossier, form, nom: str, faire):
    """La transition `faire(donnees)` si le formulaire est valide ; sinon, ou si le
    modèle la refuse (ValidationError), la page du dossier avec le formulaire en
    erreur (`nom` : son nom dans le gabarit), la saisie gardée."""
    if form.is_valid():
        try:
            faire(form.cleaned_data)
        except TransitionInterdite as exc:
            messages.error(request, str(exc))
            return _retour(dossier)
        except ValidationError as exc:
            _erreurs_dans(form, exc)
        else:
            _etat_change(request, dossier)
            return _retour(dossier)
    return _page_du_dossier(request, dossier, status=400, **{nom: form})


@post_seulement(retour="instruction:dossier")
@sur_le_dossier
def demander_complements(request, dossier):
    form = ComplementsForm(request.POST)
    return _transition_avec_formulaire(
        request,
        dossier,
        form,
        "complements",
        lambda donnees: dossier.demander_complements(
            par=request.user, texte=donnees["texte"], echeance=form.echeance_a_paris()
        ),
    )


@post_seulement(retour="instruction:dossier")
@sur_le_dossier
def declarer_irrecevable(request, dossier):
    return _transition_avec_formulaire(
        request,
        dossier,
        IrrecevableForm(request.POST),
        "irrecevable",
        lambda donnees: dossier.declarer_irrecevable(par=request.user, motif=donnees["motif"]),
    )


@post_seulement(retour="instruction:dossier")
@sur_le_dossier
def marquer_a_suivre(request, dossier):
    form = ASuivreForm(request.POST)
    form.is_valid()  # une case : décochée ou absente vaut « non »
    a_suivre = form.cleaned_data.get("a_suivre", False)
    services.dossier_marquer_a_suivre(dossier=dossier, a_suivre=a_suivre)
    messages.success(
        request,
        _("Le dossier est marqué « à suivre ».")
        if a_suivre
        else _("Le dossier n'est plus marqué « à suivre »."),
    )
    return _retour(dossier)


@post_seulement(retour="instruction:dossier")
@sur_le_dossier
def attribuer(request, dossier):
    form = ChoixInstructeurForm(
        request.POST, instructeurs=services.choix_des_instructeurs(dossier.instructeurs_json)
    )
    if form.is_valid():
        try:
            services.dossier_attribuer(dossier=dossier, instructeur_id=form.instructeur_id())
        except ValidationError as exc:
            _erreurs_dans(form, exc)
        else:
            if dossier.instructeur is None:
                messages.success(request, _("Le dossier n'est plus attribué à personne."))
            else:
                messages.success(
                    request,
                    _("Le dossier est attribué à %(qui)s.") % {"qui": dossier.instructeur},
                )
            return _retour(dossier)
    return _page_du_dossier(request, dossier, status=400, attribution=form)


@post_seulement(retour="instruction:dossier")
@sur_le_dossier
def annoter(request, dossier):
    form = AnnotationForm(request.POST)
    if form.is_valid():
        try:
            services.annotation_ajouter(
                dossier=dossier, auteur=request.user, texte=form.cleaned_data["texte"]
            )
        except ValidationError as exc:
            _erreurs_dans(form, exc)
        else:
            messages.success(request, _("Annotation enregistrée (visible des seuls instructeurs)."))
            return _retour(dossier, "#annotations")
    return _page_du_dossier(request, dossier, status=400, annotation=form)
