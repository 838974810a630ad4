"""Le dépôt d'une demande d'accompagnement : la ligne et ses deux courriels,
dans une seule transaction (pas de courriel pour une demande perdue, ni l'inverse)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from brest_numerique.notifications.services import notify
from programmes.accompagnement.models import DemandeAccompagnement

# Une même demande renvoyée dans ce délai (double clic, bouton « précédent » puis
# renvoi) est la même demande : on ne la compte, ni ne l'écrit, deux fois.
DELAI_DOUBLON = timedelta(minutes=10)

CHAMPS_DEPOSES = (
    "nom",
    "email",
    "telephone",
    "structure_nom",
    "structure_type",
    "stade",
    "besoin",
)


def destinataire_equipe(dispositif: str) -> str:
    """L'adresse de l'équipe qui suit ce dispositif ; à défaut, celle du programme."""
    adresses = getattr(settings, "ACCOMPAGNEMENT_DESTINATAIRES", {})
    return adresses.get(dispositif) or settings.STAFF_EMAIL


@transaction.atomic
def demande_deposer(*, dispositif: str, donnees: dict) -> DemandeAccompagnement:
    """Enregistre la demande, prévient l'équipe du dispositif et accuse réception.

    `donnees` : les données validées du formulaire (le consentement en fait
    partie : la vue ne dépose qu'une demande consentie). Une demande identique
    (même dispositif, même adresse, même besoin) déposée il y a moins de
    10 minutes n'est pas dupliquée : on rend la première."""
    champs = {nom: donnees[nom] for nom in CHAMPS_DEPOSES}
    if not donnees.get("consentement"):
        raise ValueError("Une demande d'accompagnement ne se dépose qu'avec le consentement.")
    maintenant = timezone.now()
    # Deux envois strictement simultanés peuvent encore passer tous deux (rien à
    # verrouiller avant que la ligne existe) : l'équipe clôt alors le doublon.
    doublon = (
        DemandeAccompagnement.objects.filter(
            dispositif=dispositif,
            email__iexact=champs["email"],
            besoin=champs["besoin"],
            cree_le__gte=maintenant - DELAI_DOUBLON,
        )
        .order_by("cree_le")
        .first()
    )
    if doublon is not None:
        return doublon
    demande = DemandeAccompagnement.objects.create(
        dispositif=dispositif, consenti_le=maintenant, cree_le=maintenant, **champs
    )
    contexte = {
        "demande": demande,
        "dispositif": demande.get_dispositif_display(),
        "lien_demande": settings.SITE_URL + reverse("accompagnement:detail", args=[demande.pk]),
        "lien_donnees_personnelles": settings.SITE_URL + reverse("donnees_personnelles"),
    }
    notify(
        kind="accompagnement_equipe",
        to=destinataire_equipe(dispositif),
        key=f"accompagnement_equipe:{demande.pk}",
        context=contexte,
    )
    notify(
        kind="accompagnement_accuse",
        to=demande.email,
        key=f"accompagnement_accuse:{demande.pk}",
        context=contexte,
    )
    return demande
