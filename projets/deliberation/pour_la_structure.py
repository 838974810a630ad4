"""Ce que la structure lit de l'examen de son dossier par le jury : rien de la
décision avant qu'elle ne lui soit notifiée (`Decision.notifiee_le`).

Avant la notification, l'état se lit « examiné par le jury » (Dossier.statut_pour_la_
structure) et l'historique tait les décisions du jury et le vote ; ensuite, il n'en
montre que la dernière, la décision finale (pas les révisions de la délibération).
Les pages et exports de la structure passent tous par ici."""

from django.db.models import Exists, OuterRef, QuerySet

from projets.deliberation.models import Decision
from projets.models import Dossier, Statut
from projets.models.dossiers import AVANT_NOTIFICATION, DECISIONS_DU_JURY, RETIRABLES

# Les étapes que la structure ne lit qu'une fois la décision notifiée.
ETAPES_DE_LA_DECISION = {*DECISIONS_DU_JURY, Statut.VOTE}


def avec_decision_notifiee(dossiers: QuerySet) -> QuerySet:
    """Annote `decision_notifiee` (booléen), dans la même requête."""
    return dossiers.annotate(
        decision_notifiee=Exists(
            Decision.objects.filter(dossier=OuterRef("pk"), notifiee_le__isnull=False)
        )
    )


def decision_notifiee(dossier: Dossier) -> Decision | None:
    """La décision notifiée du dossier, ou None (une requête, aucune si le dossier
    n'est pas passé devant le jury)."""
    if dossier.statut not in AVANT_NOTIFICATION:
        return None
    return (
        Decision.objects.filter(dossier=dossier, notifiee_le__isnull=False)
        .select_related("deliberation")
        .first()
    )


def statut_visible(dossier: Dossier, *, notifiee: bool) -> str:
    """La valeur d'état que la structure peut lire (pour les gabarits et exports)."""
    if dossier.statut in AVANT_NOTIFICATION and not notifiee:
        return Statut.EN_JURY.value
    return dossier.statut


def historique_visible(etapes, *, notifiee: bool) -> list:
    """Les étapes de l'historique que la structure peut lire, dans leur ordre."""
    etapes = list(etapes)
    decisions = [e for e in etapes if e.vers in ETAPES_DE_LA_DECISION]
    derniere = decisions[-1] if (notifiee and decisions) else None
    if derniere is not None:
        # Lue depuis l'examen du jury : « retenu → non retenu » trahirait une révision
        # de la délibération. L'étape n'est qu'affichée, jamais enregistrée.
        derniere.de = Statut.EN_JURY
    return [e for e in etapes if e.vers not in ETAPES_DE_LA_DECISION or e is derniere]


def retirable_en_ligne(dossier: Dossier, *, notifiee: bool) -> bool:
    """La structure peut-elle retirer son dossier en ligne ? Pas pendant la
    délibération, quelle que soit la décision en cours : un bouton présent pour
    « en jury » et absent pour « retenu » trahirait la décision."""
    if dossier.statut in AVANT_NOTIFICATION and not notifiee:
        return False
    return dossier.statut in RETIRABLES
