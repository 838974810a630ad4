"""Les rappels de l'appel à projets et le résumé hebdomadaire des instructeurs.

Chaque envoi a sa clé d'idempotence (notify) : la tâche de beat peut tourner toutes
les heures, être relancée ou rattraper une panne, chaque rappel ne part qu'une fois.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from brest_numerique.notifications.services import notify
from projets.echanges.services import non_lus
from projets.models import AppelAProjets, DemandeComplement, Dossier, Membre

# Les brouillons reçoivent un rappel 7 jours puis 2 jours avant la clôture.
RAPPELS_BROUILLON_JOURS = (7, 2)
# Une demande de compléments est rappelée 3 jours avant son échéance.
RAPPEL_COMPLEMENTS_JOURS = 3


def _lien(nom: str, *args) -> str:
    return settings.SITE_URL + reverse(nom, args=args)


def brouillons_rappeler(*, maintenant: datetime | None = None) -> int:
    """Prévient les membres des brouillons d'une édition qui ferme bientôt : le rappel
    « J-7 » part dès qu'il reste 7 jours ou moins, le « J-2 » dès qu'il en reste 2."""
    maintenant = maintenant or timezone.now()
    envoyes = 0
    editions = AppelAProjets.objects.filter(
        ouverture__lte=maintenant,
        cloture__gte=maintenant,
        cloture__lte=maintenant + timedelta(days=max(RAPPELS_BROUILLON_JOURS)),
    )
    for edition in editions:
        restant = edition.cloture - maintenant
        echelon = min(j for j in RAPPELS_BROUILLON_JOURS if restant <= timedelta(days=j))
        membres = Prefetch("structure__membres", queryset=Membre.objects.select_related("user"))
        brouillons = edition.dossiers.filter(statut=Dossier.Statut.BROUILLON).prefetch_related(
            membres
        )
        for dossier in brouillons:
            for membre in dossier.structure.membres.all():
                envoi = notify(
                    kind="dossier_rappel_brouillon",
                    to=membre.user,
                    key=f"dossier_rappel_brouillon:{dossier.pk}:J-{echelon}:{membre.user_id}",
                    context={
                        "dossier": dossier,
                        "edition": edition,
                        "jours": echelon,
                        "lien_candidat": _lien("projets:dossier", dossier.pk),
                    },
                )
                envoyes += envoi is not None
    return envoyes


def complements_rappeler(*, maintenant: datetime | None = None) -> int:
    """Un rappel par demande de compléments encore ouverte, peu avant son échéance."""
    maintenant = maintenant or timezone.now()
    demandes = (
        DemandeComplement.objects.filter(
            completee_le__isnull=True,
            dossier__statut=Dossier.Statut.A_COMPLETER,
            echeance__gte=maintenant,
            echeance__lte=maintenant + timedelta(days=RAPPEL_COMPLEMENTS_JOURS),
        )
        .select_related("dossier__edition")
        .prefetch_related(
            Prefetch("dossier__structure__membres", queryset=Membre.objects.select_related("user"))
        )
    )
    envoyes = 0
    for demande in demandes:
        for membre in demande.dossier.structure.membres.all():
            envoi = notify(
                kind="dossier_rappel_complements",
                to=membre.user,
                key=f"dossier_rappel_complements:{demande.pk}:{membre.user_id}",
                context={
                    "dossier": demande.dossier,
                    "demande": demande,
                    "lien_candidat": _lien("projets:dossier", demande.dossier_id),
                },
            )
            envoyes += envoi is not None
    return envoyes


def resume_hebdomadaire_envoyer(*, maintenant: datetime | None = None) -> int:
    """Pour chaque instructeur, ce qui s'est passé en 7 jours dans ses éditions :
    dossiers déposés, compléments reçus, et les messages qu'il n'a pas lus ; rien
    n'est envoyé à qui n'a rien."""
    maintenant = maintenant or timezone.now()
    depuis = maintenant - timedelta(days=7)
    semaine = "{}-S{:02d}".format(*maintenant.isocalendar()[:2])
    editions = (
        AppelAProjets.objects.filter(instructeurs__isnull=False)
        .annotate(
            nouveaux=Count("dossiers", filter=Q(dossiers__depose_le__gte=depuis), distinct=True),
            completes=Count(
                "dossiers__demandes_complement",
                filter=Q(dossiers__demandes_complement__completee_le__gte=depuis),
                distinct=True,
            ),
        )
        .prefetch_related("instructeurs")
        .distinct()
    )
    par_instructeur: dict = {}
    for edition in editions:
        for instructeur in edition.instructeurs.all():
            par_instructeur.setdefault(instructeur, []).append(edition)
    envoyes = 0
    for instructeur, siennes in par_instructeur.items():
        a_lire = non_lus(instructeur).filter(dossier__edition__in=siennes).count()
        actives = [e for e in siennes if e.nouveaux or e.completes]
        if not actives and not a_lire:
            continue
        envoi = notify(
            kind="instruction_resume_hebdo",
            to=instructeur,
            key=f"instruction_resume_hebdo:{semaine}:{instructeur.pk}",
            context={
                "editions": actives,
                "messages_non_lus": a_lire,
                "lien_instruction": settings.SITE_URL + reverse("instruction:accueil"),
            },
        )
        envoyes += envoi is not None
    return envoyes
