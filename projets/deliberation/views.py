"""Les pages de la délibération, côté instruction : le classement, la décision sur
un dossier, les délibérations du conseil, la publication des résultats et le
procès-verbal.

Chaque vue vérifie les droits en tête : `action_requise` (connexion, permission),
puis la règle de l'objet — l'édition ou le dossier chargé depuis l'adresse."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from brest_numerique.comptes.roles import action_requise, peut
from brest_numerique.methodes import post_seulement
from projets.deliberation import classement, proces_verbal, services
from projets.deliberation.forms import DecisionForm, DeliberationForm
from projets.deliberation.models import Decision, DeliberationConseil
from projets.instruction.services import edition_pour_instruction
from projets.models import Dossier, Statut, Theme

ACTION = "instruire_dossiers"
DOSSIERS = Dossier.objects.exclude(statut=Statut.BROUILLON).select_related(
    "edition", "structure", "decision", "decision__deliberation"
)


def _edition(request, annee: int):
    edition = edition_pour_instruction(annee)
    if edition is None:
        raise Http404
    if not peut(request.user, ACTION, edition):
        raise PermissionDenied
    return edition


def _erreurs_dans(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for champ, erreurs in exc.error_dict.items():
            form.add_error(champ if champ in form.fields else None, erreurs)
    else:
        form.add_error(None, exc)


# --- Le classement -----------------------------------------------------------------


@require_safe
@action_requise(ACTION)
def classement_vue(request, annee: int):
    edition = _edition(request, annee)
    themes = list(Theme.objects.filter(editions=edition).order_by("libelle"))
    theme = None
    if slug := request.GET.get("theme"):
        # Un thème de l'édition, sinon 404 : jamais une erreur serveur.
        theme = next((t for t in themes if t.slug == slug), None)
        if theme is None:
            raise Http404
    # Le classement entier donne aussi le total accordé ; le filtre garde ses rangs.
    toutes = classement.classer(edition)
    lignes = toutes if theme is None else classement.du_theme(toutes, theme)
    return render(
        request,
        "projets/deliberation/classement.html",
        {
            "edition": edition,
            "themes": themes,
            "theme": theme,
            "lignes": lignes,
            "indice_enveloppe": classement.ligne_de_l_enveloppe(lignes),
            "total_accorde": classement.total_accorde(toutes),
            "ecart_eleve": classement.ECART_ELEVE,
        },
    )


# --- La décision sur un dossier -------------------------------------------------------


def _initial(decision: Decision | None, dossier) -> dict:
    if decision is None:
        return {"forme_aide": dossier.forme_aide}
    return {
        "sens": decision.sens,
        "montant_accorde": decision.montant_accorde if decision.sens == "retenu" else None,
        "forme_aide": decision.forme_aide or dossier.forme_aide,
        "motivation": decision.motivation,
    }


@require_http_methods(["GET", "POST"])
@action_requise(ACTION, objet=(DOSSIERS, "dossier"))
def decider(request, dossier):
    decision = classement.decision_de(dossier)
    depassement = None
    statut = 200
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            donnees = form.cleaned_data
            # Le montant et la forme saisis ne valent que pour un retenu : changer
            # d'avis sur le sens ne demande pas de vider ces champs.
            retenu = donnees["sens"] == Decision.Sens.RETENU
            try:
                services.decider(
                    dossier,
                    sens=donnees["sens"],
                    montant_accorde=(donnees["montant_accorde"] or 0) if retenu else 0,
                    forme_aide=donnees["forme_aide"] if retenu else "",
                    motivation=donnees["motivation"],
                    confirmer_depassement=donnees["confirmer_depassement"],
                    par=request.user,
                )
            except services.DepassementEnveloppe as exc:
                depassement = exc
                form.add_error("confirmer_depassement", exc)
            except ValidationError as exc:
                _erreurs_dans(form, exc)
            else:
                dossier.refresh_from_db(fields=["statut"])
                messages.success(
                    request,
                    _("Décision enregistrée\u00a0: le dossier %(numero)s est « %(etat)s ».")
                    % {"numero": dossier.numero, "etat": dossier.get_statut_display().lower()},
                )
                return redirect("instruction:classement", annee=dossier.edition.annee)
        statut = 400
    else:
        form = DecisionForm(initial=_initial(decision, dossier))
    edition = dossier.edition
    autres = services.total_accorde(edition, sauf=dossier)
    return render(
        request,
        "projets/deliberation/decider.html",
        {
            "dossier": dossier,
            "edition": edition,
            "decision": decision,
            "form": form,
            "decidable": dossier.statut in services.DECIDABLES,
            "accorde_aux_autres": autres,
            "reste": edition.enveloppe - autres,
            "depassement": depassement,
            "montrer_confirmation": depassement is not None
            or bool(form.data.get("confirmer_depassement")),
        },
        status=statut,
    )


# --- Les délibérations du conseil et la publication ----------------------------------------


def _retenus(edition):
    return list(
        Dossier.objects.filter(edition=edition, statut=Statut.RETENU, decision__sens="retenu")
        .select_related("decision")
        .order_by("rang", "pk")
    )


@require_http_methods(["GET", "POST"])
@action_requise(ACTION)
def deliberations(request, annee: int):
    edition = _edition(request, annee)
    retenus = _retenus(edition)
    statut = 200
    if request.method == "POST":
        form = DeliberationForm(request.POST, retenus=retenus)
        if form.is_valid():
            donnees = form.cleaned_data
            try:
                deliberation = services.deliberation_enregistrer(
                    edition,
                    numero=donnees["numero"],
                    date_conseil=donnees["date_conseil"],
                    dossiers=[int(pk) for pk in donnees["dossiers"]],
                    par=request.user,
                )
            except ValidationError as exc:
                _erreurs_dans(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Délibération %(numero)s enregistrée\u00a0: %(nombre)s dossier(s) voté(s), "
                        "les structures sont prévenues."
                    )
                    % {"numero": deliberation.numero, "nombre": deliberation.decisions.count()},
                )
                return redirect("instruction:deliberations", annee=edition.annee)
        statut = 400
    else:
        form = DeliberationForm(retenus=retenus)
    return render(
        request,
        "projets/deliberation/deliberations.html",
        {
            "edition": edition,
            "form": form,
            "retenus": retenus,
            "deliberations": DeliberationConseil.objects.filter(edition=edition).prefetch_related(
                Prefetch(
                    "decisions",
                    Decision.objects.select_related("dossier").order_by("dossier__rang"),
                )
            ),
            "raisons": services.raisons_de_ne_pas_publier(edition),
        },
        status=statut,
    )


@post_seulement(retour="instruction:deliberations")
@action_requise(ACTION)
def resultats_publier(request, annee: int):
    edition = _edition(request, annee)
    try:
        nombre = services.resultats_publier(edition, par=request.user)
    except ValidationError as exc:
        messages.error(
            request,
            _("Les résultats ne peuvent pas encore être publiés\u00a0: %(raisons)s")
            % {"raisons": " ".join(exc.messages)},
        )
    else:
        messages.success(
            request,
            _(
                "Résultats publiés\u00a0: les lauréats sont en ligne et %(nombre)s structure(s) "
                "non retenue(s) ou en liste d'attente sont prévenues."
            )
            % {"nombre": nombre},
        )
    return redirect(reverse("instruction:deliberations", args=[edition.annee]))


# --- Le procès-verbal -----------------------------------------------------------------


@require_safe
@action_requise(ACTION)
def proces_verbal_vue(request, annee: int):
    edition = _edition(request, annee)
    return render(
        request, "projets/deliberation/proces_verbal.html", proces_verbal.contexte(edition)
    )


@require_safe
@action_requise(ACTION)
def proces_verbal_pdf(request, annee: int):
    edition = _edition(request, annee)
    reponse = HttpResponse(proces_verbal.proces_verbal_pdf(edition), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="proces-verbal-{edition.annee}.pdf"'
    return reponse
