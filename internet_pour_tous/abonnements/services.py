"""Le cycle de vie d'un abonnement : la demande du foyer, puis les décisions des
gestionnaires (activer, refuser, suspendre, reprendre, résilier).

Chaque décision passe par `Abonnement.MACHINE.passer` (ligne verrouillée, journal),
tient à jour les périodes d'activité que lit la facturation et prévient le foyer,
le tout dans une seule transaction :

- activer et reprendre ouvrent une période le jour dit ;
- suspendre et résilier ferment la période ouverte le jour dit (exclu) ; ce jour
  suit le début de la période et le dernier mois déjà facturé (une échéance
  écrite ne se contredit pas).
- `Abonnement.debut` est le jour de la première activation, `Abonnement.fin` celui
  de la résiliation (ou du refus).
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brest_numerique.comptes.roles import comptes_pouvant
from brest_numerique.notifications.services import notify
from internet_pour_tous.models import Abonnement, Echeance, PeriodeActivite, Secteur
from internet_pour_tous.models.abonnements import EN_COURS

DEJA_EN_COURS = "Ce logement a déjà un abonnement en cours."


def _lien(nom: str, **kwargs) -> str:
    try:
        return settings.SITE_URL.rstrip("/") + reverse(nom, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def _destinataires_gestion() -> list:
    return list(comptes_pouvant("gerer_internet_pour_tous").order_by("pk")) or [
        settings.STAFF_EMAIL
    ]


def _foyer(abonnement: Abonnement):
    return abonnement.compte or abonnement.email


@transaction.atomic
def abonnement_demander(
    *, logement, titulaire, email, telephone="", accompagnement=(), compte=None
) -> Abonnement:
    """La demande d'un foyer pour un logement d'un secteur déployé ; un seul
    abonnement en cours par logement, même sous des demandes simultanées."""
    secteur = logement.residence.secteur
    if secteur.statut != Secteur.Statut.DEPLOYE:
        raise ValidationError(
            _("Internet pour tous n'est pas encore déployé dans ce secteur."), code="non_deploye"
        )
    if Abonnement.objects.filter(logement=logement, statut__in=EN_COURS).exists():
        raise ValidationError(_(DEJA_EN_COURS), code="deja_en_cours")
    abonnement = Abonnement(
        logement=logement,
        titulaire=titulaire.strip(),
        email=email.strip(),
        telephone=(telephone or "").strip(),
        accompagnement=list(accompagnement or []),
        compte=compte,
        consentement_le=timezone.now(),
    )
    try:
        # La contrainte partielle tranche entre deux demandes simultanées ; le point de
        # sauvegarde garde la transaction de l'appelant utilisable.
        with transaction.atomic():
            abonnement.save()
    except IntegrityError as erreur:
        if "un_abonnement_en_cours_par_logement" not in str(erreur):
            raise
        raise ValidationError(_(DEJA_EN_COURS), code="deja_en_cours") from None
    contexte = {"abonnement": abonnement, "lien_espace": _lien("internet_pour_tous:espace")}
    notify(
        kind="ipt_demande_recue",
        to=_foyer(abonnement),
        key=f"ipt_demande_recue:{abonnement.pk}",
        context=contexte,
    )
    lien = _lien("gestion_ipt:abonnement", abonnement=abonnement.pk)
    for destinataire in _destinataires_gestion():
        adresse = getattr(destinataire, "pk", destinataire)
        notify(
            kind="ipt_demande_a_traiter",
            to=destinataire,
            key=f"ipt_demande_a_traiter:{abonnement.pk}:{adresse}",
            context={"abonnement": abonnement, "lien_gestion": lien},
        )
    return abonnement


def _motif_obligatoire(motif: str) -> str:
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": _("Indiquez le motif\u00a0: il est écrit au foyer.")})
    return motif


def _periode_ouverte(abonnement: Abonnement) -> PeriodeActivite | None:
    return (
        PeriodeActivite.objects.select_for_update()
        .filter(abonnement=abonnement, fin__isnull=True)
        .first()
    )


def _dernier_jour_ferme(abonnement: Abonnement) -> date | None:
    derniere = abonnement.periodes.exclude(fin__isnull=True).order_by("-fin").first()
    return derniere.fin if derniere else None


def _prevenir(abonnement: Abonnement, action: str, *, le=None, motif="") -> None:
    etape = abonnement.historique.order_by("-quand", "-pk").first()
    notify(
        kind="ipt_abonnement_etat",
        to=_foyer(abonnement),
        key=f"ipt_abonnement_etat:{abonnement.pk}:{etape.pk}",
        context={
            "abonnement": abonnement,
            "etat": abonnement.get_statut_display(),
            "action": action,
            "le": le,
            "motif": motif,
            "lien_espace": _lien("internet_pour_tous:espace"),
        },
    )


@transaction.atomic
def abonnement_activer(abonnement: Abonnement, *, debut: date, par=None) -> Abonnement:
    if debut is None:
        raise ValidationError({"debut": _("Indiquez la date de début.")})
    Abonnement.MACHINE.passer(
        abonnement, "activer", par=par, en_plus=lambda actuel, vers: {"debut": debut}
    )
    PeriodeActivite.objects.create(abonnement=abonnement, debut=debut)
    _prevenir(abonnement, "activer", le=debut)
    return abonnement


@transaction.atomic
def abonnement_refuser(abonnement: Abonnement, *, motif: str, par=None) -> Abonnement:
    motif = _motif_obligatoire(motif)
    Abonnement.MACHINE.passer(abonnement, "refuser", par=par, motif=motif)
    _prevenir(abonnement, "refuser", motif=motif)
    return abonnement


def _fermer(abonnement: Abonnement, le: date, champ: str = "le") -> None:
    if le is None:
        raise ValidationError({champ: _("Indiquez la date.")})
    periode = _periode_ouverte(abonnement)
    reference = periode.debut if periode else (_dernier_jour_ferme(abonnement) or abonnement.debut)
    if reference and le <= reference:
        raise ValidationError(
            {champ: _("La date doit suivre le %(le)s.") % {"le": f"{reference:%d/%m/%Y}"}}
        )
    # Un mois déjà facturé le reste : la période ne se ferme pas avant sa fin.
    facture = Echeance.objects.filter(abonnement=abonnement, mois__gte=le).order_by("-mois").first()
    if facture:
        raise ValidationError(
            {
                champ: _(
                    "Le mois de %(mois)s est déjà facturé\u00a0: choisissez une date après lui."
                )
                % {"mois": f"{facture.mois:%m/%Y}"}
            }
        )
    if periode:
        periode.fin = le
        periode.save(update_fields=["fin"])


@transaction.atomic
def abonnement_suspendre(abonnement: Abonnement, *, le: date, motif: str, par=None) -> Abonnement:
    motif = _motif_obligatoire(motif)
    verrouille = Abonnement.objects.select_for_update().get(pk=abonnement.pk)
    if verrouille.statut == Abonnement.Statut.ACTIF:
        _fermer(verrouille, le)
    Abonnement.MACHINE.passer(abonnement, "suspendre", par=par, motif=motif)
    _prevenir(abonnement, "suspendre", le=le, motif=motif)
    return abonnement


@transaction.atomic
def abonnement_reprendre(abonnement: Abonnement, *, le: date, par=None) -> Abonnement:
    if le is None:
        raise ValidationError({"le": _("Indiquez la date.")})
    verrouille = Abonnement.objects.select_for_update().get(pk=abonnement.pk)
    ferme = _dernier_jour_ferme(verrouille)
    if verrouille.statut == Abonnement.Statut.SUSPENDU and ferme and le < ferme:
        raise ValidationError(
            {
                "le": _("La reprise ne peut précéder la suspension (%(le)s).")
                % {"le": f"{ferme:%d/%m/%Y}"}
            }
        )
    Abonnement.MACHINE.passer(abonnement, "reprendre", par=par)
    PeriodeActivite.objects.create(abonnement=abonnement, debut=le)
    _prevenir(abonnement, "reprendre", le=le)
    return abonnement


@transaction.atomic
def abonnement_resilier(abonnement: Abonnement, *, le: date, motif: str, par=None) -> Abonnement:
    motif = _motif_obligatoire(motif)
    verrouille = Abonnement.objects.select_for_update().get(pk=abonnement.pk)
    if verrouille.statut == Abonnement.Statut.ACTIF:
        _fermer(verrouille, le)
    elif le is None:
        raise ValidationError({"le": _("Indiquez la date.")})
    elif (ferme := _dernier_jour_ferme(verrouille)) and le < ferme:
        raise ValidationError(
            {
                "le": _("La résiliation ne peut précéder la suspension (%(le)s).")
                % {"le": f"{ferme:%d/%m/%Y}"}
            }
        )
    Abonnement.MACHINE.passer(
        abonnement, "resilier", par=par, motif=motif, en_plus=lambda actuel, vers: {"fin": le}
    )
    _prevenir(abonnement, "resilier", le=le, motif=motif)
    return abonnement
