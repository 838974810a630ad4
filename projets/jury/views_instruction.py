"""Les pages du jury côté instruction : composer le jury d'une édition et lui
confier des dossiers, suivre la notation juré par juré, rappeler les retardataires.

Chaque vue exige `instruire_dossiers` sur l'édition (instructeurs de l'édition,
superutilisateur) ; chaque action est un POST."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from brest_numerique.comptes.roles import action_requise, comptes_pouvant, peut
from brest_numerique.methodes import post_seulement
from projets.jury import services
from projets.jury.forms import AffectationForm, CompositionForm
from projets.jury.models import Evaluation, Jury
from projets.models import AppelAProjets, Dossier

ACTION = "instruire_dossiers"


def _edition(request, annee: int) -> AppelAProjets:
    edition = AppelAProjets.objects.filter(annee=annee).select_related("jury").first()
    if edition is None:
        raise Http404
    if not peut(request.user, ACTION, edition):
        raise PermissionDenied
    return edition


def _jury(edition) -> Jury | None:
    try:
        return edition.jury
    except Jury.DoesNotExist:
        return None


def _comptes_jury():
    return comptes_pouvant("noter_dossiers").order_by("last_name", "first_name", "email")


def _jures_du_jury(jury):
    User = get_user_model()
    if jury is None:
        return User.objects.none()
    return User.objects.filter(jurys=jury).order_by("last_name", "first_name", "email")


def _page_jury(request, edition, *, composition=None, affectation=None, status=200):
    jury = _jury(edition)
    themes = list(edition.themes.order_by("libelle"))
    membres = [] if jury is None else list(jury.jures.values_list("pk", flat=True))
    if composition is None:
        initial = {"action": "composer"}
        if jury is not None:
            initial |= {
                "jures": membres,
                "debut": jury.notation_debut,
                "fin": jury.notation_fin,
            }
        composition = CompositionForm(comptes=_comptes_jury(), initial=initial)
    if affectation is None:
        affectation = AffectationForm(
            jures=_jures_du_jury(jury),
            themes=themes,
            initial={"action": "confier", "jures": membres},
        )
    statuts = services.A_CONFIER
    comptes = Dossier.objects.filter(edition=edition).aggregate(
        prets=Count("pk", filter=Q(statut=Dossier.Statut.PRET_POUR_JURY)),
        en_jury=Count("pk", filter=Q(statut=Dossier.Statut.EN_JURY)),
        evaluations=Count("evaluations"),
    )
    par_theme = {
        ligne["themes"]: ligne["nombre"]
        for ligne in Dossier.objects.filter(edition=edition, statut__in=statuts)
        .values("themes")
        .annotate(nombre=Count("pk", distinct=True))
    }
    return render(
        request,
        "projets/jury/instruction/jury.html",
        {
            "edition": edition,
            "jury": jury,
            "composition": composition,
            "affectation": affectation,
            "comptes": comptes,
            "par_theme": [(theme, par_theme.get(theme.pk, 0)) for theme in themes],
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@action_requise(ACTION)
def jury(request, annee: int):
    edition = _edition(request, annee)
    if request.method != "POST":
        return _page_jury(request, edition)
    if request.POST.get("action") == "confier":
        return _confier(request, edition)
    form = CompositionForm(request.POST, comptes=_comptes_jury())
    if form.is_valid():
        try:
            services.jury_composer(
                edition,
                jures=form.cleaned_data["jures"],
                debut=form.cleaned_data["debut"],
                fin=form.cleaned_data["fin"],
                par=request.user,
            )
        except ValidationError as exc:
            for champ, erreurs in exc.message_dict.items():
                form.add_error(champ if champ in form.fields else None, erreurs)
        else:
            messages.success(request, _("Le jury de l'édition est enregistré."))
            return redirect("instruction:jury", annee=edition.annee)
    return _page_jury(request, edition, composition=form, status=400)


def _confier(request, edition):
    jury = _jury(edition)
    form = AffectationForm(
        request.POST, jures=_jures_du_jury(jury), themes=list(edition.themes.all())
    )
    if form.is_valid():
        try:
            nombre = services.dossiers_confier(
                edition,
                jures=form.cleaned_data["jures"],
                theme=form.theme_choisi(),
                par=request.user,
            )
        except ValidationError as exc:
            for erreur in exc.messages:
                form.add_error(None, erreur)
        else:
            if nombre:
                messages.success(
                    request,
                    _(
                        "%(nombre)d évaluation(s) confiée(s)\u202f; chaque juré concerné est prévenu."
                    )
                    % {"nombre": nombre},
                )
            else:
                messages.info(
                    request, _("Rien de nouveau à confier\u00a0: ces jurés ont déjà ces dossiers.")
                )
            return redirect("instruction:jury", annee=edition.annee)
    return _page_jury(request, edition, affectation=form, status=400)


def lignes_du_suivi(edition, jury) -> list:
    """Une ligne par juré : confiés, notés (au moins une note), soumis, conflits, reste."""
    if jury is None:
        return []
    de_l_edition = Q(evaluations__dossier__edition=edition)
    lignes = list(
        _jures_du_jury(jury).annotate(
            confies=Count("evaluations", filter=de_l_edition, distinct=True),
            notes=Count(
                "evaluations",
                filter=de_l_edition & Q(evaluations__notes__isnull=False),
                distinct=True,
            ),
            soumis=Count(
                "evaluations",
                filter=de_l_edition & Q(evaluations__statut=Evaluation.Statut.SOUMISE),
                distinct=True,
            ),
            conflits=Count(
                "evaluations",
                filter=de_l_edition & Q(evaluations__statut=Evaluation.Statut.CONFLIT),
                distinct=True,
            ),
        )
    )
    commencee = timezone.localdate() >= jury.notation_debut
    for ligne in lignes:
        ligne.reste = ligne.confies - ligne.soumis - ligne.conflits
        ligne.en_retard = commencee and ligne.reste > 0
    return lignes


@require_safe
@action_requise(ACTION)
def suivi(request, annee: int):
    edition = _edition(request, annee)
    jury = _jury(edition)
    lignes = lignes_du_suivi(edition, jury)
    return render(
        request,
        "projets/jury/instruction/suivi.html",
        {
            "edition": edition,
            "jury": jury,
            "lignes": lignes,
            "ouverte": services.periode_ouverte(jury),
            "en_retard": sum(ligne.en_retard for ligne in lignes),
        },
    )


@post_seulement(retour="instruction:jury_suivi")
@action_requise(ACTION)
def rappeler(request, annee: int):
    edition = _edition(request, annee)
    if not services.periode_ouverte(_jury(edition)):
        messages.error(
            request, _("La notation n'est pas ouverte\u00a0: aucun rappel n'est envoyé.")
        )
    else:
        nombre = services.jures_rappeler(edition, par=request.user)
        if nombre:
            messages.success(
                request,
                _("%(nombre)d rappel(s) envoyé(s) aux jurés en retard.") % {"nombre": nombre},
            )
        else:
            messages.info(
                request,
                _(
                    "Aucun rappel envoyé\u00a0: personne n'est en retard, ou tous ont été rappelés aujourd'hui."
                ),
            )
    return redirect("instruction:jury_suivi", annee=edition.annee)
