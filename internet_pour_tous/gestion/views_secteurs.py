"""Les pages des secteurs pour les gestionnaires : la liste (état, dernier vote),
la page d'un secteur (résidences, logements, abonnements actifs, consultations,
transitions et leur historique) et l'import des logements d'un bailleur."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from brest_numerique.comptes.roles import action_requise
from brest_numerique.etats import TransitionInterdite
from brest_numerique.tableaux import lire_tableau
from internet_pour_tous.gestion import import_logements
from internet_pour_tous.gestion.forms import ImportLogementsForm, SecteurTransitionForm
from internet_pour_tous.models import Abonnement, Consultation, HistoriqueSecteur, Secteur

ACTION = "gerer_internet_pour_tous"
ACTIF = Abonnement.Statut.ACTIF


def participation(consultation) -> int | None:
    if not consultation or not consultation.inscrits:
        return None
    return round(100 * (consultation.pour + consultation.contre) / consultation.inscrits)


@require_safe
@action_requise(ACTION)
def secteurs(request):
    liste = list(
        Secteur.objects.select_related("bailleur", "commune")
        .annotate(
            nb_residences=Count("residences", distinct=True),
            nb_logements=Count("residences__logements", distinct=True),
            nb_actifs=Count(
                "residences__logements__abonnements",
                filter=Q(residences__logements__abonnements__statut=ACTIF),
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch("consultations", Consultation.objects.order_by("-ouverture"), to_attr="votes")
        )
        .order_by("nom")
    )
    for secteur in liste:
        secteur.dernier_vote = secteur.votes[0] if secteur.votes else None
        secteur.participation = participation(secteur.dernier_vote)
    return render(request, "internet_pour_tous/gestion/secteurs.html", {"secteurs": liste})


def _page_secteur(request, secteur, formulaire=None, action=None, statut=200):
    residences = secteur.residences.annotate(
        nb_connus=Count("logements", distinct=True),
        nb_actifs=Count(
            "logements__abonnements", filter=Q(logements__abonnements__statut=ACTIF), distinct=True
        ),
    ).order_by("nom")
    consultations = list(secteur.consultations.order_by("-ouverture"))
    for consultation in consultations:
        consultation.participation = participation(consultation)
    libelles = dict(Secteur.Statut.choices)
    historique = list(HistoriqueSecteur.objects.filter(secteur=secteur).select_related("par"))
    for etape in historique:
        etape.de_libelle = libelles.get(etape.de, etape.de)
        etape.vers_libelle = libelles.get(etape.vers, etape.vers)
    transitions = [
        (nom, t.libelle)
        for nom, t in Secteur.MACHINE.transitions.items()
        if Secteur.MACHINE.permise(nom, secteur.statut)
    ]
    return render(
        request,
        "internet_pour_tous/gestion/secteur.html",
        {
            "secteur": secteur,
            "residences": residences,
            "consultations": consultations,
            "historique": historique,
            "transitions": transitions,
            "formulaire": formulaire or SecteurTransitionForm(),
            "action_en_erreur": action,
        },
        status=statut,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@action_requise(ACTION)
def secteur(request, secteur: int):
    objet = get_object_or_404(Secteur.objects.select_related("bailleur", "commune"), pk=secteur)
    if request.method != "POST":
        return _page_secteur(request, objet)
    action = request.POST.get("action", "")
    if action not in Secteur.MACHINE.transitions:
        return _page_secteur(request, objet, statut=400)
    formulaire = SecteurTransitionForm(request.POST)
    if formulaire.is_valid():
        donnees = formulaire.cleaned_data
        if action == "deployer" and not donnees["deploye_le"]:
            formulaire.add_error("deploye_le", _("Indiquez la date du déploiement."))
        else:
            en_plus = (
                (lambda a, v: {"deploye_le": donnees["deploye_le"]})
                if action == "deployer"
                else None
            )
            try:
                Secteur.MACHINE.passer(
                    objet, action, par=request.user, motif=donnees["motif"], en_plus=en_plus
                )
            except TransitionInterdite as refus:
                messages.error(request, str(refus))
            else:
                messages.success(
                    request,
                    _("Le secteur est maintenant\u00a0: %(e)s.")
                    % {"e": objet.get_statut_display()},
                )
            return redirect("gestion_ipt:secteur", secteur=objet.pk)
    return _page_secteur(request, objet, formulaire, action, statut=400)


@require_http_methods(["GET", "HEAD", "POST"])
@action_requise(ACTION)
def logements_importer(request, secteur: int):
    objet = get_object_or_404(Secteur.objects.select_related("bailleur"), pk=secteur)
    rapport = None
    statut = 200
    if request.method == "POST":
        formulaire = ImportLogementsForm(request.POST, request.FILES)
        if formulaire.is_valid():
            try:
                lignes = lire_tableau(formulaire.cleaned_data["fichier"])
            except ValidationError as erreur:
                formulaire.add_error("fichier", erreur)
            else:
                rapport = import_logements.verifier(objet, lignes)
                if "importer" in request.POST and rapport.valide:
                    try:
                        with transaction.atomic():
                            nombre = import_logements.importer(objet, rapport)
                    except ValidationError as erreur:
                        formulaire.add_error(None, erreur)
                    else:
                        messages.success(
                            request,
                            _("%(n)s logements importés dans le secteur %(s)s.")
                            % {"n": nombre, "s": objet.nom},
                        )
                        return redirect("gestion_ipt:secteur", secteur=objet.pk)
        if not formulaire.is_valid() or (rapport and rapport.erreurs):
            statut = 400
    else:
        formulaire = ImportLogementsForm()
    return render(
        request,
        "internet_pour_tous/gestion/logements_importer.html",
        {"secteur": objet, "formulaire": formulaire, "rapport": rapport},
        status=statut,
    )
