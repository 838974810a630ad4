"""Le travail du jury : composer le jury d'une édition, lui confier des dossiers,
noter, soumettre, déclarer un conflit d'intérêts, rappeler les jurés en retard.

Chaque écriture tient dans une transaction : l'évaluation est verrouillée, la
transition passe par sa machine à états (une ligne d'historique), les courriels
vont dans la boîte d'envoi avec une clé d'idempotence (un rappel par juré et par
jour, un avis par juré et par lot de dossiers confiés)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from brest_numerique.comptes.roles import comptes_pouvant
from brest_numerique.etats import TransitionInterdite
from brest_numerique.notifications.services import notify
from projets.jury.models import NOTE_MAX, Evaluation, Jury, Note
from projets.models import AppelAProjets, CritereNotation, Dossier

# Les dossiers qu'on confie au jury : prêts (ils passent alors « en jury ») ou déjà en jury.
A_CONFIER = (Dossier.Statut.PRET_POUR_JURY, Dossier.Statut.EN_JURY)


def _lien(nom: str, *args) -> str:
    return settings.SITE_URL + reverse(nom, args=args)


def periode_ouverte(jury: Jury | None, jour: date | None = None) -> bool:
    if jury is None:
        return False
    jour = jour or timezone.localdate()
    return jury.notation_debut <= jour <= jury.notation_fin


def _periode_de(evaluation: Evaluation) -> Jury | None:
    return Jury.objects.filter(edition__dossiers=evaluation.dossier_id).first()


def _exiger_periode(evaluation: Evaluation) -> None:
    jury = _periode_de(evaluation)
    if not periode_ouverte(jury):
        if jury is None:
            raise ValidationError(gettext("Cette édition n'a pas de jury."), code="periode")
        raise ValidationError(
            gettext(
                "La notation est ouverte du %(debut)s au %(fin)s\u00a0: vos notes ne peuvent "
                "pas être enregistrées aujourd'hui."
            )
            % {
                "debut": jury.notation_debut.strftime("%d/%m/%Y"),
                "fin": jury.notation_fin.strftime("%d/%m/%Y"),
            },
            code="periode",
        )


def _verrouiller(evaluation: Evaluation, par) -> Evaluation:
    """La ligne verrouillée de l'évaluation ; seul son juré y écrit, et seulement à noter."""
    actuelle = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if actuelle.jure_id != getattr(par, "pk", None):
        raise PermissionDenied
    if actuelle.statut != Evaluation.Statut.A_NOTER:
        raise TransitionInterdite(
            gettext("Cette évaluation est « %(etat)s »\u00a0: elle ne se modifie plus.")
            % {"etat": actuelle.get_statut_display()}
        )
    return actuelle


# --- Composition et dossiers confiés ------------------------------------------------


@transaction.atomic
def jury_composer(edition: AppelAProjets, *, jures, debut: date, fin: date, par) -> Jury:
    """Le jury de l'édition : ses jurés (des comptes qui peuvent noter) et sa période."""
    jures = list(jures)
    erreurs = {}
    if debut and fin and debut > fin:
        erreurs["fin"] = gettext("La fin de la notation suit son début.")
    ids = {jure.pk for jure in jures}
    permis = set(comptes_pouvant("noter_dossiers").filter(pk__in=ids).values_list("pk", flat=True))
    if ids - permis:
        erreurs["jures"] = gettext(
            "Choisissez des comptes du groupe Jury, actifs et à l'adresse vérifiée."
        )
    if erreurs:
        raise ValidationError(erreurs)
    jury, _cree = Jury.objects.update_or_create(
        edition=edition, defaults={"notation_debut": debut, "notation_fin": fin}
    )
    jury.jures.set(jures)
    return jury


@transaction.atomic
def dossiers_confier(edition: AppelAProjets, *, jures, theme=None, par) -> int:
    """Confie à chaque juré choisi les dossiers prêts pour le jury ou en jury de
    l'édition (du thème `theme` s'il est donné) qu'il n'a pas encore ; les dossiers
    prêts passent « en jury ». Chaque juré qui reçoit de nouveaux dossiers est
    prévenu une fois. Renvoie le nombre d'évaluations créées."""
    jury = Jury.objects.select_for_update().filter(edition=edition).first()
    if jury is None:
        raise ValidationError(gettext("Composez d'abord le jury de l'édition."))
    jures = list(jures)
    membres = set(jury.jures.values_list("pk", flat=True))
    if not jures or any(jure.pk not in membres for jure in jures):
        raise ValidationError({"jures": gettext("Choisissez des jurés de cette édition.")})
    dossiers = Dossier.objects.select_for_update().filter(edition=edition, statut__in=A_CONFIER)
    if theme is not None:
        dossiers = dossiers.filter(themes=theme)
    dossiers = list(dossiers.order_by("rang", "pk"))
    deja = set(
        Evaluation.objects.filter(dossier__in=dossiers, jure__in=jures).values_list(
            "dossier_id", "jure_id"
        )
    )
    nouvelles = [
        Evaluation(dossier=dossier, jure=jure)
        for jure in jures
        for dossier in dossiers
        if (dossier.pk, jure.pk) not in deja
    ]
    Evaluation.objects.bulk_create(nouvelles)
    # Une ligne d'historique par dossier : passer() verrouille et journalise chacun ;
    # ces transitions n'écrivent rien à la structure (elle ne sait rien avant la décision).
    for dossier in dossiers:
        if dossier.statut == Dossier.Statut.PRET_POUR_JURY:
            Dossier.MACHINE.passer(dossier, "soumettre_au_jury", par=par)
    par_jure: dict[int, list[Evaluation]] = {}
    for evaluation in nouvelles:
        par_jure.setdefault(evaluation.jure_id, []).append(evaluation)
    for jure in jures:
        siennes = par_jure.get(jure.pk)
        if not siennes:
            continue
        notify(
            kind="jury_dossiers_confies",
            to=jure,
            # Le premier identifiant du lot : un lot, un courriel, même rejoué.
            key=f"jury_dossiers_confies:{jure.pk}:{min(e.pk for e in siennes)}",
            context={
                "edition": edition,
                "jury": jury,
                "nombre": len(siennes),
                "dossiers": [e.dossier for e in siennes],
                "lien_jury": _lien("jury:accueil"),
            },
        )
    return len(nouvelles)


# --- Notation -------------------------------------------------------------------------


def _criteres(evaluation: Evaluation) -> dict:
    return {
        critere.pk: critere
        for critere in CritereNotation.objects.filter(edition__dossiers=evaluation.dossier_id)
    }


@transaction.atomic
def evaluation_noter(
    evaluation: Evaluation,
    *,
    notes: dict[int, tuple[int | None, str]],
    avis: str,
    commentaire: str,
    par,
) -> Evaluation:
    """Enregistre les notes (critère → (valeur, commentaire) ; une valeur None retire
    la note du critère), l'avis et le commentaire d'ensemble. Seulement à noter,
    par son juré, pendant la période de notation ; les critères absents ne changent pas."""
    actuelle = _verrouiller(evaluation, par)
    _exiger_periode(actuelle)
    criteres = _criteres(actuelle)
    erreurs = []
    for critere_id, (valeur, _texte) in notes.items():
        if critere_id not in criteres:
            erreurs.append(gettext("Ce critère n'est pas de la grille de cette édition."))
        elif valeur is not None and not (
            isinstance(valeur, int) and not isinstance(valeur, bool) and 0 <= valeur <= NOTE_MAX
        ):
            erreurs.append(
                gettext("« %(critere)s »\u00a0: la note va de 0 à %(max)s.")
                % {"critere": criteres[critere_id].libelle, "max": NOTE_MAX}
            )
    if avis and avis not in Evaluation.Avis.values:
        erreurs.append(gettext("Choisissez un avis d'ensemble parmi ceux proposés."))
    if erreurs:
        raise ValidationError(erreurs)
    a_garder = [
        Note(evaluation=actuelle, critere_id=critere_id, valeur=valeur, commentaire=texte.strip())
        for critere_id, (valeur, texte) in notes.items()
        if valeur is not None
    ]
    a_retirer = [critere_id for critere_id, (valeur, _t) in notes.items() if valeur is None]
    if a_retirer:
        Note.objects.filter(evaluation=actuelle, critere_id__in=a_retirer).delete()
    Note.objects.bulk_create(
        a_garder,
        update_conflicts=True,
        unique_fields=["evaluation", "critere"],
        update_fields=["valeur", "commentaire"],
    )
    actuelle.avis = avis
    actuelle.commentaire = commentaire.strip()
    actuelle.save(update_fields=["avis", "commentaire"])
    evaluation.avis, evaluation.commentaire = actuelle.avis, actuelle.commentaire
    return evaluation


def criteres_manquants(evaluation: Evaluation) -> list:
    """Les critères de la grille que l'évaluation n'a pas encore notés."""
    notes = set(Note.objects.filter(evaluation=evaluation).values_list("critere_id", flat=True))
    return [critere for pk, critere in _criteres(evaluation).items() if pk not in notes]


@transaction.atomic
def evaluation_soumettre(evaluation: Evaluation, *, par) -> Evaluation:
    """Soumet les notes : chaque critère noté et un avis d'ensemble ; elles sont
    ensuite figées (ligne d'historique)."""
    actuelle = _verrouiller(evaluation, par)
    _exiger_periode(actuelle)
    erreurs = [
        gettext("Notez le critère « %(critere)s ».") % {"critere": critere.libelle}
        for critere in sorted(criteres_manquants(actuelle), key=lambda c: (c.ordre, c.pk))
    ]
    if not actuelle.avis:
        erreurs.append(gettext("Donnez votre avis d'ensemble sur le dossier."))
    if erreurs:
        raise ValidationError(erreurs)
    Evaluation.MACHINE.passer(
        evaluation,
        "soumettre",
        par=par,
        en_plus=lambda actuel, vers: {"soumise_le": timezone.now()},
    )
    return evaluation


@transaction.atomic
def conflit_declarer(evaluation: Evaluation, *, motif: str, par) -> Evaluation:
    """Le juré déclare un conflit d'intérêts : ses notes sur ce dossier sont effacées,
    le motif reste dans l'évaluation et dans son historique ; il ne voit plus le
    dossier. Possible à tout moment tant qu'il n'a pas soumis ses notes."""
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": gettext("Dites la nature du conflit d'intérêts.")})
    _verrouiller(evaluation, par)
    effacees, _detail = Note.objects.filter(evaluation=evaluation).delete()
    Evaluation.MACHINE.passer(
        evaluation,
        "declarer_conflit",
        par=par,
        motif=motif,
        en_plus=lambda actuel, vers: {"conflit_motif": motif, "avis": "", "commentaire": ""},
    )
    return evaluation


# --- Suivi et rappels -----------------------------------------------------------------


def jures_en_retard(edition: AppelAProjets) -> QuerySet:
    """Les jurés de l'édition qui ont encore des dossiers à noter, une fois la
    notation commencée ; annotés de `reste` (le nombre de dossiers à noter)."""
    jury = Jury.objects.filter(edition=edition).first()
    User = Jury.jures.field.related_model
    if jury is None or timezone.localdate() < jury.notation_debut:
        return User.objects.none()
    a_noter = Q(
        evaluations__dossier__edition=edition,
        evaluations__statut=Evaluation.Statut.A_NOTER,
    )
    return (
        User.objects.filter(jurys=jury, is_active=True)
        .annotate(reste=Count("evaluations", filter=a_noter))
        .filter(reste__gt=0)
        .order_by("last_name", "first_name", "pk")
    )


def jures_rappeler(edition: AppelAProjets, *, par=None) -> int:
    """Un rappel à chaque juré en retard, pendant la période de notation ; une fois par
    juré et par jour au plus (clé d'idempotence). Renvoie le nombre de rappels partis."""
    jury = Jury.objects.filter(edition=edition).first()
    if not periode_ouverte(jury):
        return 0
    jour = timezone.localdate()
    envoyes = 0
    with transaction.atomic():
        for jure in jures_en_retard(edition):
            envoi = notify(
                kind="jury_rappel",
                to=jure,
                key=f"jury_rappel:{edition.pk}:{jure.pk}:{jour.isoformat()}",
                context={
                    "edition": edition,
                    "jury": jury,
                    "reste": jure.reste,
                    "lien_jury": _lien("jury:accueil"),
                },
            )
            envoyes += envoi is not None
    return envoyes
