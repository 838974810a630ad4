"""Le dossier côté candidat : création du brouillon, page du dossier (formulaire
tant qu'il est modifiable, lecture seule ensuite), dépôt, retrait, suppression du
brouillon, renvoi après compléments. Chaque vue charge le dossier par
`dossier_du_candidat` : une clé d'un autre mène au 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from brest_numerique.etats import TransitionInterdite
from brest_numerique.methodes import post_seulement
from brest_numerique.nombres import entier
from projets.candidature.forms_dossiers import (
    LIGNES_VIDES,
    LIGNES_VIDES_MAX,
    ConflitDeVersion,
    CreationForm,
    DossierForm,
    RetraitForm,
    dossier_enregistrer,
    formsets_du_budget,
    lignes_saisies,
    version_actuelle,
)
from projets.deliberation.pour_la_structure import (
    decision_notifiee,
    historique_visible,
    retirable_en_ligne,
    statut_visible,
)
from projets.echanges.services import messagerie_ouverte, messages_non_lus
from projets.models import AppelAProjets, Dossier, LigneBudget
from projets.models.dossiers import AVANT_NOTIFICATION, RETIRABLES, FormeAide, Public
from projets.regles import dossier_du_candidat, structures_du_candidat

Statut = Dossier.Statut


def _heure(moment) -> str:
    return date_format(timezone.localtime(moment), _("l j F Y à G \\h i \\m\\i\\n s \\s"))


def _conflit() -> str:
    return _(
        "Quelqu'un a modifié ce dossier pendant que vous écriviez\u00a0: vos changements n'ont "
        "pas été enregistrés, mais ils sont toujours dans le formulaire ci-dessous. Ouvrez le "
        "dossier dans un autre onglet pour voir la version enregistrée\u202f; si vous enregistrez "
        "à nouveau, votre version remplacera la sienne."
    )


# --- Création ------------------------------------------------------------------------


def _vers_creer_structure(request):
    messages.info(request, _("Pour déposer un projet, créez d'abord la fiche de votre structure."))
    return redirect("projets:structure_creer")


@require_http_methods(["GET", "POST"])
@login_required
def dossier_creer(request, annee: int):
    edition = get_object_or_404(AppelAProjets, annee=annee)
    structures = structures_du_candidat(request.user).order_by("nom", "pk")
    if not structures.exists():
        return _vers_creer_structure(request)
    contexte = {"edition": edition}
    if not edition.depot_ouvert():
        return render(request, "projets/dossiers/creer.html", contexte, status=403)
    form = CreationForm(request.POST or None, structures=structures)
    if request.method == "POST" and form.is_valid():
        formes = edition.formes_aide
        dossier = Dossier.objects.create(
            edition=edition,
            structure=form.cleaned_data["structure"],
            titre=form.cleaned_data["titre"],
            cree_par=request.user,
            forme_aide=formes if formes != FormeAide.LES_DEUX else FormeAide.SUBVENTION,
        )
        messages.success(
            request,
            _("Votre brouillon est créé\u00a0: complétez-le, il s'enregistre au fil de l'eau."),
        )
        return redirect("projets:dossier", dossier=dossier.pk)
    contexte["form"] = form
    return render(
        request, "projets/dossiers/creer.html", contexte, status=400 if form.errors else 200
    )


# --- La page du dossier -------------------------------------------------------------


def _totaux(dossier, lignes, budget) -> dict:
    """Totaux d'après la saisie si elle est valide, sinon d'après l'enregistré."""
    if budget and all(f.is_bound and f.is_valid() for f in budget.values()):
        par_nature = {
            f.nature: sum((m for _l, m in lignes_saisies(f)), start=0) for f in budget.values()
        }
        depenses = par_nature[LigneBudget.Nature.DEPENSE]
        recettes = par_nature[LigneBudget.Nature.RECETTE]
    else:
        depenses = sum((ligne.montant for ligne in lignes if ligne.nature == "depense"), start=0)
        recettes = sum((ligne.montant for ligne in lignes if ligne.nature == "recette"), start=0)
    aide = dossier.montant_demande if dossier.forme_aide != FormeAide.MATERIEL else 0
    return {
        "depenses": depenses,
        "recettes": recettes,
        "aide": aide,
        "recettes_et_aide": recettes + aide,
        "equilibre": depenses == recettes + aide,
        "ecart": depenses - recettes - aide,
        "plafond": dossier.edition.plafond_pour(depenses) if depenses else None,
    }


def _page(request, dossier, *, form=None, budget=None, version=None, status=200, vides=None):
    maintenant = timezone.now()
    edition = dossier.edition
    # Dossier.modifiable(), sans relire la demande de compléments qu'on affiche aussi.
    demande = dossier.demande_en_cours() if dossier.statut == Statut.A_COMPLETER else None
    if dossier.statut == Statut.BROUILLON:
        modifiable = edition.depot_ouvert(maintenant)
    else:
        modifiable = demande is not None and maintenant.replace(microsecond=0) <= demande.echeance
    lignes = list(dossier.lignes_budget.all())
    vides = LIGNES_VIDES if vides is None else vides
    if modifiable and form is None:
        form = DossierForm(instance=dossier, edition=edition)
        budget = formsets_du_budget(lignes, vides=vides)
    if not modifiable:
        form = budget = None
    actions = set(dossier.transitions_permises())
    # Rien de la décision du jury avant qu'elle ne soit notifiée (projets/deliberation).
    decision = decision_notifiee(dossier)
    contexte = {
        "etat_visible": statut_visible(dossier, notifiee=decision is not None),
        "etat_libelle": dossier.statut_pour_la_structure(decision_notifiee=decision is not None),
        "decision": decision,
        "dossier": dossier,
        "edition": edition,
        "modifiable": modifiable,
        "peut_modifier": modifiable,
        "form": form,
        "budget": budget,
        "version": version if version is not None else dossier.version,
        "lignes": lignes,
        "totaux": _totaux(dossier, lignes, budget),
        "demande": demande,
        "cloture": _heure(edition.cloture),
        "depot_ouvert": edition.depot_ouvert(maintenant),
        "echeance_complements": _heure(demande.echeance) if demande else None,
        "manques": dossier.erreurs_de_depot()
        if dossier.statut in (Statut.BROUILLON, Statut.A_COMPLETER)
        else [],
        "vides": vides,
        "publics": [Public(code).label for code in dossier.publics if code in Public.values],
        "historique": historique_visible(
            dossier.historique.select_related("par").order_by("quand", "pk"),
            notifiee=decision is not None,
        ),
        "peut_deposer": modifiable and dossier.statut == Statut.BROUILLON,
        "peut_completer": modifiable and "completer" in actions,
        "peut_retirer": retirable_en_ligne(dossier, notifiee=decision is not None),
        "peut_supprimer": dossier.statut == Statut.BROUILLON,
        # La messagerie s'ouvre au dépôt : ses non-lus ne se comptent qu'ensuite.
        "messagerie_ouverte": messagerie_ouverte(dossier),
        "non_lus": messages_non_lus(request.user, [dossier.pk])[dossier.pk]
        if messagerie_ouverte(dossier)
        else 0,
    }
    if edition.formes_aide != FormeAide.MATERIEL:
        contexte["plafond_edition"] = {
            "max": edition.montant_max,
            "part": edition.part_max.normalize(),
        }
    return render(request, "projets/dossiers/dossier.html", contexte, status=status)


def _saisir(request, dossier) -> tuple[DossierForm, dict, str | None]:
    """Valide et enregistre la saisie ; rend (form, budget, échec) avec échec parmi
    None (enregistré), "invalide" et "conflit"."""
    form = DossierForm(request.POST, instance=dossier, edition=dossier.edition)
    budget = formsets_du_budget([], request.POST)
    # Tout se valide, sans court-circuit : chaque erreur s'affiche à côté de son champ.
    resultats = [form.is_valid()] + [f.is_valid() for f in budget.values()]
    valide = all(resultats)
    if "version" in form.errors:
        return form, budget, "conflit"
    if not valide:
        return form, budget, "invalide"
    try:
        dossier_enregistrer(dossier=dossier, form=form, budget=budget)
    except ConflitDeVersion:
        return form, budget, "conflit"
    return form, budget, None


def _erreurs_json(form, budget) -> dict:
    erreurs = {nom: [str(e) for e in liste] for nom, liste in form.errors.items()}
    for formset in budget.values():
        for form_ligne in formset.forms:
            for nom, liste in form_ligne.errors.items():
                erreurs[f"{form_ligne.prefix}-{nom}"] = [str(e) for e in liste]
        if formset.non_form_errors():
            erreurs[formset.prefix] = [str(e) for e in formset.non_form_errors()]
    return erreurs


def _pas_modifiable(request, dossier):
    if dossier.statut == Statut.BROUILLON:
        return _(
            "Le dépôt est clos depuis le %(cloture)s\u00a0: ce dossier ne peut plus être modifié."
        ) % {"cloture": _heure(dossier.edition.cloture)}
    return _("Ce dossier ne peut plus être modifié dans son état actuel (%(etat)s).") % {
        "etat": dossier.get_statut_display().lower()
    }


def _apres_echec(request, dossier, form, budget, echec):
    """La page réaffichée avec la saisie : rien n'est perdu."""
    if echec == "conflit":
        messages.error(request, _conflit())
        # La version à jour : enregistrer à nouveau, en connaissance de cause, remplace.
        return _page(
            request,
            dossier,
            form=form,
            budget=budget,
            version=version_actuelle(dossier),
            status=409,
        )
    messages.error(
        request,
        _(
            "Le dossier n'a pas été enregistré\u00a0: corrigez les champs signalés, votre saisie est conservée."
        ),
    )
    return _page(
        request, dossier, form=form, budget=budget, version=form.data.get("version"), status=400
    )


@require_http_methods(["GET", "POST"])
@login_required
def dossier(request, dossier: int):
    dossier = dossier_du_candidat(request.user, dossier)
    if request.method == "GET":
        vides = entier(request.GET.get("lignes", ""), minimum=0, maximum=LIGNES_VIDES_MAX)
        return _page(request, dossier, vides=vides)
    automatique = request.POST.get("enregistrement_auto") == "1"
    if not dossier.modifiable():
        message = _pas_modifiable(request, dossier)
        if automatique:
            return JsonResponse({"ok": False, "message": message}, status=403)
        messages.error(request, message)
        return redirect("projets:dossier", dossier=dossier.pk)
    form, budget, echec = _saisir(request, dossier)
    if automatique:
        if echec == "conflit":
            return JsonResponse({"ok": False, "conflit": True, "message": _conflit()}, status=409)
        if echec:
            return JsonResponse(
                {
                    "ok": False,
                    "message": _("Brouillon non enregistré\u00a0: des champs sont à corriger."),
                    "erreurs": _erreurs_json(form, budget),
                },
                status=400,
            )
        return JsonResponse(
            {
                "ok": True,
                "version": dossier.version,
                "message": _("Brouillon enregistré à %(heure)s.")
                % {"heure": timezone.localtime().strftime("%H:%M")},
            }
        )
    if echec:
        return _apres_echec(request, dossier, form, budget, echec)
    messages.success(request, _("Brouillon enregistré."))
    adresse = reverse("projets:dossier", kwargs={"dossier": dossier.pk})
    if request.POST.get("action") == "ajouter_lignes":
        vides = entier(request.POST.get("lignes_vides", ""), maximum=LIGNES_VIDES_MAX) or 0
        return redirect(f"{adresse}?lignes={min(vides + 3, LIGNES_VIDES_MAX)}#budget")
    return redirect(adresse)


# --- Les actions ----------------------------------------------------------------------


def _enregistrer_avant(request, dossier):
    """Le bouton « Déposer » ou « Renvoyer » du formulaire emporte la saisie :
    elle s'enregistre d'abord. Rend une réponse si l'enregistrement échoue."""
    if "version" not in request.POST or not dossier.modifiable():
        return None
    form, budget, echec = _saisir(request, dossier)
    if echec:
        return _apres_echec(request, dossier, form, budget, echec)
    return None


def _erreurs_en_messages(request, exc: ValidationError, introduction: str) -> None:
    messages.error(request, introduction)
    for texte in exc.messages:
        messages.error(request, texte)


@post_seulement(retour="projets:dossier")
@login_required
def dossier_deposer(request, dossier: int):
    dossier = dossier_du_candidat(request.user, dossier)
    if (reponse := _enregistrer_avant(request, dossier)) is not None:
        return reponse
    try:
        dossier.deposer(par=request.user)
    except ValidationError as exc:
        _erreurs_en_messages(
            request,
            exc,
            _("Le dossier n'est pas déposé, il reste à compléter (rien n'est perdu)\u00a0:"),
        )
    except TransitionInterdite as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "Votre dossier est déposé sous le numéro %(numero)s. Un accusé de réception "
                "part par courriel vers les membres de la structure."
            )
            % {"numero": dossier.numero},
        )
    return redirect("projets:dossier", dossier=dossier.pk)


@post_seulement(retour="projets:dossier")
@login_required
def dossier_completer(request, dossier: int):
    dossier = dossier_du_candidat(request.user, dossier)
    if (reponse := _enregistrer_avant(request, dossier)) is not None:
        return reponse
    try:
        dossier.completer(par=request.user)
    except ValidationError as exc:
        _erreurs_en_messages(request, exc, _("Le dossier n'est pas renvoyé\u00a0:"))
    except TransitionInterdite as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Votre dossier complété est renvoyé\u00a0: l'instructeur en est prévenu.")
        )
    return redirect("projets:dossier", dossier=dossier.pk)


@require_http_methods(["GET", "POST"])
@login_required
def dossier_retirer(request, dossier: int):
    dossier = dossier_du_candidat(request.user, dossier)
    if dossier.statut in AVANT_NOTIFICATION and decision_notifiee(dossier) is None:
        # Le même refus quelle que soit la décision en cours : il n'en dit rien.
        messages.error(
            request,
            _(
                "Le jury délibère\u00a0: le dossier ne se retire pas en ligne d'ici la "
                "décision. Écrivez à l'instructeur par la messagerie du dossier."
            ),
        )
        return redirect("projets:dossier", dossier=dossier.pk)
    if dossier.statut not in RETIRABLES:
        messages.error(request, _("Ce dossier ne peut pas être retiré dans son état actuel."))
        return redirect("projets:dossier", dossier=dossier.pk)
    form = RetraitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier.retirer(par=request.user, motif=form.cleaned_data["motif"])
        except TransitionInterdite as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Le dossier est retiré\u00a0: il est classé sans suite."))
        return redirect("projets:dossier", dossier=dossier.pk)
    return render(
        request,
        "projets/dossiers/retirer.html",
        {"dossier": dossier, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def dossier_supprimer(request, dossier: int):
    dossier = dossier_du_candidat(request.user, dossier)
    if request.method == "GET":
        if dossier.statut != Statut.BROUILLON:
            messages.error(request, _("Seul un brouillon peut être supprimé."))
            return redirect("projets:dossier", dossier=dossier.pk)
        return render(request, "projets/dossiers/supprimer.html", {"dossier": dossier})
    with transaction.atomic():
        # Sous verrou : un dépôt simultané par un autre membre l'emporte, ou attend.
        verrouille = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if verrouille.statut != Statut.BROUILLON:
            messages.error(
                request, _("Ce dossier est déposé\u00a0: il ne peut plus être supprimé.")
            )
            return redirect("projets:dossier", dossier=dossier.pk)
        try:
            verrouille.delete()
        except ProtectedError:
            messages.error(request, _("Ce brouillon ne peut pas être supprimé pour l'instant."))
            return redirect("projets:dossier", dossier=dossier.pk)
    messages.success(
        request, _("Le brouillon « %(titre)s » est supprimé.") % {"titre": dossier.titre}
    )
    return redirect("projets:espace")
