"""Les suites des transitions d'un commentaire : qui prévenir, et de quoi.

Appelées par les seules méthodes de transition de Commentaire (models.py), dans
leur transaction : un commentaire ne change pas d'état sans que ses courriels
partent, ni l'inverse."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from brest_numerique.comptes.roles import comptes_pouvant
from brest_numerique.notifications.services import notify
from commentaires.models import Commentaire, PreferenceModeration

SEL_CONFIRMATION = "commentaires.confirmation"
SEL_SUPPRESSION = "commentaires.suppression"


def _url(chemin: str) -> str:
    return settings.SITE_URL + chemin


def lien_confirmation(commentaire: Commentaire) -> str:
    jeton = signing.dumps(commentaire.pk, salt=SEL_CONFIRMATION)
    return _url(reverse("commentaires:confirmer", args=[jeton]))


def lien_suppression(email: str) -> str:
    jeton = signing.dumps(email.lower(), salt=SEL_SUPPRESSION)
    return _url(reverse("commentaires:supprimer", args=[jeton]))


def contexte_auteur(commentaire: Commentaire) -> dict:
    return {
        "commentaire": commentaire,
        "objet": commentaire.objet,
        "lien_objet": _url(commentaire.objet.get_absolute_url()) + f"#commentaire-{commentaire.pk}",
        "lien_suppression": lien_suppression(commentaire.email),
    }


def moderateurs():
    """Les comptes qui peuvent modérer, selon la même règle que peut()."""
    return comptes_pouvant("moderer_commentaires")


def prevenir_moderateurs(commentaire: Commentaire, *, sorte: str, occasion: str = "") -> None:
    """`occasion` distingue deux événements de même sorte sur un même commentaire
    (masqué, réapprouvé, puis masqué à nouveau) : chacun a sa clé d'idempotence."""
    quotidiens = set(
        PreferenceModeration.objects.filter(
            rythme=PreferenceModeration.Rythme.QUOTIDIEN
        ).values_list("moderateur_id", flat=True)
    )
    for moderateur in moderateurs():
        if moderateur.pk in quotidiens and sorte == "moderation_nouveau":
            continue
        notify(
            kind=sorte,
            to=moderateur,
            key=f"{sorte}:{commentaire.pk}{occasion}:{moderateur.pk}",
            context={
                "commentaire": commentaire,
                "objet": commentaire.objet,
                "lien_file": _url(reverse("commentaires:moderation")),
            },
        )


def mis_en_file(commentaire: Commentaire, *, ip: str = "") -> None:
    """Le commentaire entre dans la file : modérateurs prévenus, filtre anti-spam."""
    prevenir_moderateurs(commentaire, sorte="moderation_nouveau")
    if settings.AKISMET_CLE:
        from commentaires.tasks import verifier_spam

        pk = commentaire.pk
        transaction.on_commit(lambda: verifier_spam.delay(pk, ip))


def publie(commentaire: Commentaire) -> None:
    # L'équipe qui publie sa propre réponse n'a pas à se l'annoncer.
    if not commentaire.equipe:
        notify(
            kind="commentaire_publie",
            to=commentaire.email,
            key=f"commentaire_publie:{commentaire.pk}",
            context=contexte_auteur(commentaire),
        )
    parent = commentaire.parent
    if parent and parent.email != commentaire.email and not parent.supprime_par_auteur:
        notify(
            kind="commentaire_reponse",
            to=parent.email,
            key=f"commentaire_reponse:{commentaire.pk}",
            context={**contexte_auteur(parent), "reponse": commentaire},
        )


def rejete(commentaire: Commentaire, *, motif: str) -> None:
    notify(
        kind="commentaire_rejete",
        to=commentaire.email,
        key=f"commentaire_rejete:{commentaire.pk}",
        context={**contexte_auteur(commentaire), "motif": motif},
    )


def masque(commentaire: Commentaire) -> None:
    masquage = commentaire.transitions.order_by("-pk").first()
    prevenir_moderateurs(commentaire, sorte="moderation_masque", occasion=f"-{masquage.pk}")
