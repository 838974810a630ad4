"""Décider des dossiers, enregistrer le vote du conseil, publier les résultats.

- `decider` : la décision de l'instruction sur un dossier examiné par le jury,
  révisable jusqu'au vote. Le total accordé (retenus et votés) se compare à
  l'enveloppe sous le verrou de l'édition : deux décisions simultanées ne peuvent
  pas la dépasser chacune sans le voir.
- `deliberation_enregistrer` : le conseil vote un lot de retenus ; chacun passe à
  « voté » et sa structure reçoit la décision, une seule fois.
- `resultats_publier` : une fois tout décidé et voté, les non-retenus et la liste
  d'attente reçoivent la leur, et les lauréats deviennent publics.

Aucune de ces transitions n'écrit à la structure avant le vote ou la publication :
les courriels partent de la boîte d'envoi après la validation de la transaction."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext

from brest_numerique.notifications.services import notify
from brest_numerique.typographie import euros
from projets import suites
from projets.deliberation.models import Decision, DeliberationConseil
from projets.models import AppelAProjets, Dossier, FormeAide, Statut

Sens = Decision.Sens
KIND = "projets_decision"
# La transition du dossier pour chaque sens de décision.
TRANSITIONS = {
    Sens.RETENU: ("retenir", Statut.RETENU),
    Sens.NON_RETENU: ("ne_pas_retenir", Statut.NON_RETENU),
    Sens.LISTE_ATTENTE: ("mettre_en_attente", Statut.LISTE_ATTENTE),
}
DECIDABLES = {Statut.EN_JURY, Statut.RETENU, Statut.NON_RETENU, Statut.LISTE_ATTENTE}


class DepassementEnveloppe(ValidationError):
    """Le total accordé dépasserait l'enveloppe : à confirmer explicitement."""

    def __init__(self, *, total: Decimal, enveloppe: Decimal):
        self.total, self.enveloppe = total, enveloppe
        super().__init__(
            gettext(
                "Avec cette décision, le total accordé atteint %(total)s pour une "
                "enveloppe de %(enveloppe)s (dépassement de %(ecart)s). Cochez la "
                "confirmation du dépassement pour l'enregistrer."
            )
            % {
                "total": euros(total),
                "enveloppe": euros(enveloppe),
                "ecart": euros(total - enveloppe),
            },
            code="depassement",
        )


def total_accorde(edition: AppelAProjets, *, sauf: Dossier | None = None) -> Decimal:
    """Le total accordé aux retenus de l'édition (votés compris), `sauf` ce dossier."""
    decisions = Decision.objects.filter(dossier__edition=edition, sens=Sens.RETENU)
    if sauf is not None:
        decisions = decisions.exclude(dossier=sauf)
    return decisions.aggregate(total=Sum("montant_accorde"))["total"] or Decimal("0")


def _verifier(dossier, sens, montant, forme_aide, motivation) -> dict:
    erreurs = {}
    if sens == Sens.RETENU:
        if forme_aide not in FormeAide.values:
            erreurs["forme_aide"] = gettext("Choisissez la forme de l'aide accordée.")
        if montant < 0:
            erreurs["montant_accorde"] = gettext("Le montant accordé ne peut être négatif.")
        elif montant > dossier.montant_demande:
            erreurs["montant_accorde"] = gettext(
                "Le montant accordé (%(montant)s) dépasse le montant demandé (%(demande)s)."
            ) % {"montant": euros(montant), "demande": euros(dossier.montant_demande)}
        elif montant == 0 and forme_aide != FormeAide.MATERIEL:
            erreurs["montant_accorde"] = gettext(
                "Indiquez le montant accordé (seul un prêt de matériel peut valoir 0\u00a0€)."
            )
    elif montant:
        erreurs["montant_accorde"] = gettext("Seul un dossier retenu reçoit un montant.")
    if sens == Sens.NON_RETENU and not motivation.strip():
        erreurs["motivation"] = gettext(
            "Motivez la décision\u00a0: la structure la recevra avec le courriel de résultat."
        )
    return erreurs


@transaction.atomic
def decider(
    dossier: Dossier,
    *,
    sens: str,
    montant_accorde: Decimal | int = 0,
    forme_aide: str = "",
    motivation: str = "",
    confirmer_depassement: bool = False,
    par,
) -> Decision:
    """Enregistre (ou révise) la décision sur `dossier` et fait sa transition."""
    if sens not in Sens.values:
        raise ValidationError({"sens": gettext("Choisissez une décision.")})
    sens = Sens(sens)
    montant = Decimal(montant_accorde or 0)
    motivation = motivation.strip()
    # Le verrou de l'édition ordonne les décisions : le total lu reste vrai.
    edition = AppelAProjets.objects.select_for_update().get(pk=dossier.edition_id)
    actuel = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if actuel.statut not in DECIDABLES:
        raise ValidationError(
            gettext(
                "Le dossier est « %(etat)s »\u00a0: il ne se décide qu'après l'examen du jury "
                "et jusqu'au vote du conseil."
            )
            % {"etat": actuel.get_statut_display().lower()}
        )
    erreurs = _verifier(actuel, sens, montant, forme_aide, motivation)
    if erreurs:
        raise ValidationError(erreurs)
    depasse = False
    if sens == Sens.RETENU:
        total = total_accorde(edition, sauf=actuel) + montant
        depasse = total > edition.enveloppe
        if depasse and not confirmer_depassement:
            raise DepassementEnveloppe(total=total, enveloppe=edition.enveloppe)
    ancienne = Decision.objects.filter(dossier=dossier).first()
    action, vers = TRANSITIONS[sens]
    if actuel.statut != vers:
        dossier.MACHINE.passer(dossier, action, par=par, motif=motivation)
    decision, _ = Decision.objects.update_or_create(
        dossier=dossier,
        defaults={
            "sens": sens,
            "montant_accorde": montant if sens == Sens.RETENU else Decimal("0"),
            "forme_aide": forme_aide if sens == Sens.RETENU else "",
            "motivation": motivation,
            "depassement_confirme": depasse,
            "decidee_par": par,
            "decidee_le": timezone.now(),
            # Une décision révisée après sa notification (la liste d'attente appelée)
            # redevient inconnue de la structure jusqu'à sa nouvelle notification.
            "notifiee_le": ancienne.notifiee_le if ancienne and ancienne.sens == sens else None,
        },
    )
    # Résultats déjà publiés : la décision révisée (non retenu, liste d'attente) est
    # définitive dès maintenant et part tout de suite ; un retenu attend son vote.
    if edition.resultats_publies_le and sens != Sens.RETENU and decision.notifiee_le is None:
        _notifier([decision], timezone.now())
    return decision


def _notifier(decisions: list[Decision], maintenant) -> None:
    """La décision finale à chaque membre de la structure, une fois (clé du dossier
    et de l'adresse, comme les autres courriels du dossier, projets/suites.py)."""
    for decision in decisions:
        dossier = decision.dossier
        contexte = {
            "dossier": dossier,
            "edition": dossier.edition,
            "structure": dossier.structure,
            "decision": decision,
            "deliberation": decision.deliberation,
            "montant": euros(decision.montant_accorde),
            "lien_candidat": suites._lien("projets:dossier", dossier.pk),
        }
        destinataires = suites.membres(dossier) or [dossier.structure.contact_email]
        for destinataire in destinataires:
            adresse = getattr(destinataire, "email", destinataire)
            notify(
                kind=KIND,
                to=destinataire,
                key=f"{KIND}:{dossier.pk}:{decision.sens}:{adresse}",
                context=contexte,
            )
    Decision.objects.filter(pk__in=[d.pk for d in decisions]).update(notifiee_le=maintenant)
    for decision in decisions:
        decision.notifiee_le = maintenant


@transaction.atomic
def deliberation_enregistrer(
    edition: AppelAProjets, *, numero: str, date_conseil: date, dossiers, par
) -> DeliberationConseil:
    """Le vote du conseil pour un lot de dossiers retenus de l'édition."""
    from projets.laureats.services import laureats_preparer

    numero = (numero or "").strip()
    erreurs = {}
    if not numero:
        erreurs["numero"] = gettext("Indiquez le numéro de la délibération.")
    elif DeliberationConseil.objects.filter(numero=numero).exists():
        erreurs["numero"] = gettext("La délibération %(numero)s est déjà enregistrée.") % {
            "numero": numero
        }
    if date_conseil is None:
        erreurs["date_conseil"] = gettext("Indiquez la date du conseil.")
    ids = {getattr(d, "pk", d) for d in dossiers}
    retenus = list(
        Dossier.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, edition=edition, statut=Statut.RETENU, decision__sens=Sens.RETENU)
        .select_related("edition", "structure", "decision")
        .order_by("rang", "pk")
    )
    if not ids:
        erreurs["dossiers"] = gettext("Cochez au moins un dossier retenu.")
    elif len(retenus) != len(ids):
        erreurs["dossiers"] = gettext(
            "Seuls les dossiers retenus de l'édition, pas encore votés, se votent."
        )
    if erreurs:
        raise ValidationError(erreurs)
    deliberation = DeliberationConseil.objects.create(
        edition=edition, numero=numero, date_conseil=date_conseil, enregistree_par=par
    )
    motif = gettext("Délibération %(numero)s du conseil du %(date)s") % {
        "numero": numero,
        "date": date_conseil.strftime("%d/%m/%Y"),
    }
    for dossier in retenus:
        dossier.MACHINE.passer(dossier, "voter", par=par, motif=motif)
    Decision.objects.filter(dossier__in=retenus).update(deliberation=deliberation)
    decisions = []
    for dossier in retenus:
        dossier.decision.deliberation = deliberation
        decisions.append(dossier.decision)
    _notifier(decisions, timezone.now())
    laureats_preparer(retenus)
    return deliberation


def raisons_de_ne_pas_publier(edition: AppelAProjets) -> list[str]:
    """Ce qui empêche de publier les résultats (vide : publiables)."""
    if edition.resultats_publies_le:
        return [gettext("Les résultats de cette édition sont déjà publiés.")]
    comptes = dict(
        Dossier.objects.filter(edition=edition, statut__in=[Statut.EN_JURY, Statut.RETENU])
        .values("statut")
        .annotate(n=Count("pk"))
        .values_list("statut", "n")
    )
    raisons = []
    if comptes.get(Statut.EN_JURY):
        raisons.append(
            gettext("%(n)s dossier(s) attendent encore une décision.")
            % {"n": comptes[Statut.EN_JURY]}
        )
    if comptes.get(Statut.RETENU):
        raisons.append(
            gettext("%(n)s dossier(s) retenu(s) attendent le vote du conseil.")
            % {"n": comptes[Statut.RETENU]}
        )
    return raisons


@transaction.atomic
def resultats_publier(edition: AppelAProjets, *, par) -> int:
    """Publie les résultats : les non-retenus et la liste d'attente reçoivent leur
    décision (motivée), les lauréats deviennent publics. Renvoie le nombre de
    décisions notifiées."""
    from projets.laureats.models import Laureat

    verrouillee = AppelAProjets.objects.select_for_update().get(pk=edition.pk)
    raisons = raisons_de_ne_pas_publier(verrouillee)
    if raisons:
        raise ValidationError(raisons)
    maintenant = timezone.now()
    decisions = list(
        Decision.objects.filter(
            dossier__edition=edition,
            dossier__statut__in=[Statut.NON_RETENU, Statut.LISTE_ATTENTE],
            notifiee_le__isnull=True,
        ).select_related("dossier__edition", "dossier__structure", "deliberation")
    )
    _notifier(decisions, maintenant)
    verrouillee.resultats_publies_le = edition.resultats_publies_le = maintenant
    verrouillee.save(update_fields=["resultats_publies_le"])
    Laureat.version_publique.changer()
    return len(decisions)
