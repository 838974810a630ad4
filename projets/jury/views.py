"""Les pages des jurés (/jury/) : leurs dossiers confiés, la page d'une évaluation
(le dossier en lecture seule et la grille de notation), la soumission, la
déclaration d'un conflit d'intérêts.

Chaque vue exige l'action `noter_dossiers` (groupe Jury), charge l'évaluation par
`evaluation_du_jure` (404 si elle n'est pas à ce juré, dans un jury dont il est
membre), puis demande la règle de l'objet avant de montrer quoi que ce soit du
dossier : une évaluation en conflit ne dit plus que « conflit déclaré »."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef
from django.db.models.functions import JSONObject
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from brest_numerique.comptes.roles import action_requise, peut
from brest_numerique.etats import TransitionInterdite
from brest_numerique.expressions import ListeEnJSON
from brest_numerique.methodes import post_seulement
from papi.models import Commune
from projets.budget import budget_du_dossier
from projets.jury import services
from projets.jury.forms import ConflitForm, NotationForm
from projets.jury.models import Evaluation
from projets.jury.regles import evaluation_du_jure, evaluations_du_jure
from projets.models import CritereNotation, Dossier, Theme
from projets.pieces.models import Origine, PieceJointe

ACTION = "noter_dossiers"


def _evaluations_pour_la_page():
    """L'évaluation et ce que sa page lit d'une ligne : dossier, structure, édition,
    jury, thèmes et communes du dossier."""
    return Evaluation.objects.select_related(
        "dossier__edition__jury", "dossier__structure__commune"
    ).annotate(
        themes_libelles=ListeEnJSON(
            Theme.objects.filter(dossier=OuterRef("dossier_id"))
            .order_by("libelle")
            .values("libelle")
        ),
        communes_libelles=ListeEnJSON(
            Commune.objects.filter(
                code_insee__in=Dossier.communes.through.objects.filter(
                    dossier_id=OuterRef(OuterRef("dossier_id"))
                ).values("commune_id")
            )
            .order_by("nom")
            .values(json=JSONObject(nom="nom"))
        ),
    )


@require_safe
@action_requise(ACTION)
def accueil(request):
    evaluations = list(
        evaluations_du_jure(request.user)
        .select_related("dossier__edition__jury", "dossier__structure")
        .annotate(nombre_notes=Count("notes"))
        .order_by("-dossier__edition__annee", "dossier__rang", "pk")
    )
    aujourd_hui = timezone.localdate()
    editions = []
    for evaluation in evaluations:
        edition = evaluation.dossier.edition
        if not editions or editions[-1]["edition"].pk != edition.pk:
            editions.append(
                {
                    "edition": edition,
                    "jury": edition.jury,
                    "ouverte": services.periode_ouverte(edition.jury, aujourd_hui),
                    "evaluations": [],
                }
            )
        editions[-1]["evaluations"].append(evaluation)
    for groupe in editions:
        a_noter = [e for e in groupe["evaluations"] if e.statut != Evaluation.Statut.CONFLIT]
        groupe["total"] = len(a_noter)
        groupe["soumises"] = sum(e.statut == Evaluation.Statut.SOUMISE for e in a_noter)
    return render(request, "projets/jury/accueil.html", {"editions": editions})


def _charger(request, evaluation_id: int, *, base=None) -> Evaluation:
    return evaluation_du_jure(request.user, evaluation_id, base)


def _peut_lire(user, evaluation) -> bool:
    # Le superutilisateur passe toute règle : son propre conflit le tient à l'écart aussi.
    return evaluation.statut != Evaluation.Statut.CONFLIT and peut(user, ACTION, evaluation)


def _conflit(request, evaluation):
    """Ce qu'un juré lit d'une évaluation en conflit : rien du dossier."""
    return render(
        request, "projets/jury/conflit_declare.html", {"evaluation": evaluation}, status=403
    )


def _page(request, evaluation, *, form=None, status: int = 200):
    dossier = evaluation.dossier
    jury = dossier.edition.jury
    criteres = list(CritereNotation.objects.filter(edition_id=dossier.edition_id))
    evaluation_notes = list(evaluation.notes.all())
    notes_par_critere = {note.critere_id: note for note in evaluation_notes}
    ouverte = services.periode_ouverte(jury)
    modifiable = evaluation.statut == Evaluation.Statut.A_NOTER and ouverte
    if form is None and modifiable:
        form = NotationForm(
            criteres=criteres,
            initial={
                "avis": evaluation.avis,
                "commentaire": evaluation.commentaire,
                **{f"note_{n.critere_id}": str(n.valeur) for n in evaluation_notes},
                **{f"commentaire_{n.critere_id}": n.commentaire for n in evaluation_notes},
            },
        )
    pieces = list(
        PieceJointe.objects.filter(dossier=dossier)
        .exclude(origine=Origine.MESSAGE)
        .order_by("deposee_le", "pk")
    )
    contexte = {
        "evaluation": evaluation,
        "dossier": dossier,
        "edition": dossier.edition,
        "structure": dossier.structure,
        "jury": jury,
        "ouverte": ouverte,
        "modifiable": modifiable,
        "form": form if modifiable else None,
        "lecture": [(critere, notes_par_critere.get(critere.pk)) for critere in criteres],
        "budget": budget_du_dossier(dossier),
        "pieces": pieces,
    }
    return render(request, "projets/jury/evaluation.html", contexte, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@action_requise(ACTION)
def evaluation(request, evaluation: int):
    evaluation = _charger(request, evaluation, base=_evaluations_pour_la_page())
    if not _peut_lire(request.user, evaluation):
        return _conflit(request, evaluation)
    if request.method != "POST":
        return _page(request, evaluation)
    return _enregistrer(request, evaluation, soumettre=False)


def _enregistrer(request, evaluation, *, soumettre: bool):
    criteres = list(CritereNotation.objects.filter(edition_id=evaluation.dossier.edition_id))
    form = NotationForm(request.POST, criteres=criteres)
    if not services.periode_ouverte(evaluation.dossier.edition.jury):
        messages.error(
            request,
            _(
                "La notation n'est pas ouverte aujourd'hui\u00a0: vos notes ne sont pas enregistrées."
            ),
        )
        return _page(request, evaluation, status=400)
    if not form.is_valid():
        return _page(request, evaluation, form=form, status=400)
    try:
        services.evaluation_noter(
            evaluation,
            notes=form.notes(),
            avis=form.cleaned_data["avis"],
            commentaire=form.cleaned_data["commentaire"],
            par=request.user,
        )
    except TransitionInterdite as exc:
        messages.error(request, str(exc))
        return redirect("jury:evaluation", evaluation=evaluation.pk)
    except ValidationError as exc:
        for erreur in exc.messages:
            form.add_error(None, erreur)
        return _page(request, evaluation, form=form, status=400)
    if not soumettre:
        messages.success(
            request,
            _(
                "Vos notes sont enregistrées\u202f; vous pouvez les reprendre jusqu'à leur soumission."
            ),
        )
        return redirect("jury:evaluation", evaluation=evaluation.pk)
    if not form.exiger_complet():
        messages.error(
            request, _("Vos notes sont enregistrées, mais il en manque pour les soumettre.")
        )
        return _page(request, evaluation, form=form, status=400)
    try:
        services.evaluation_soumettre(evaluation, par=request.user)
    except TransitionInterdite as exc:
        messages.error(request, str(exc))
        return redirect("jury:evaluation", evaluation=evaluation.pk)
    except ValidationError as exc:
        for erreur in exc.messages:
            form.add_error(None, erreur)
        return _page(request, evaluation, form=form, status=400)
    messages.success(request, _("Vos notes sont soumises\u202f; elles ne se modifient plus."))
    return redirect("jury:evaluation", evaluation=evaluation.pk)


@post_seulement(retour="jury:evaluation")
@action_requise(ACTION)
def soumettre(request, evaluation: int):
    evaluation = _charger(request, evaluation, base=_evaluations_pour_la_page())
    if not _peut_lire(request.user, evaluation):
        return _conflit(request, evaluation)
    return _enregistrer(request, evaluation, soumettre=True)


@require_http_methods(["GET", "HEAD", "POST"])
@action_requise(ACTION)
def conflit(request, evaluation: int):
    # Pas de règle ici : la page d'une évaluation en conflit dit qu'il est déclaré.
    evaluation = _charger(
        request, evaluation, base=Evaluation.objects.select_related("dossier__edition")
    )
    form = ConflitForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and evaluation.statut == Evaluation.Statut.A_NOTER:
        if form.is_valid():
            try:
                services.conflit_declarer(
                    evaluation, motif=form.cleaned_data["motif"], par=request.user
                )
            except TransitionInterdite as exc:
                messages.error(request, str(exc))
            except ValidationError as exc:
                form.add_error("motif", exc.message_dict.get("motif", exc.messages))
                status = 400
            else:
                messages.success(
                    request,
                    _(
                        "Conflit d'intérêts déclaré\u00a0: vous ne verrez plus ce dossier, et vos "
                        "notes sur lui sont effacées."
                    ),
                )
                return redirect("jury:accueil")
        else:
            status = 400
    elif request.method == "POST":
        messages.error(request, _("Cette évaluation ne peut plus recevoir de conflit d'intérêts."))
        status = 400
    return render(
        request,
        "projets/jury/conflit.html",
        {"evaluation": evaluation, "form": form, "edition": evaluation.dossier.edition},
        status=status,
    )
