"""Le seul chemin par lequel le portail envoie un courriel : notify()."""

import re

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from brest_numerique.notifications.models import Contenu, Desabonnement, Notification
from brest_numerique.notifications.types import sorte as sorte_de

SEL_DESABONNEMENT = "notifications.desabonnement"


def lien_desabonnement(*, email: str, sorte: str) -> str:
    jeton = signing.dumps({"e": email.lower(), "s": sorte}, salt=SEL_DESABONNEMENT)
    return settings.SITE_URL + reverse("notifications:desabonnement", args=[jeton])


def lire_jeton_desabonnement(jeton: str) -> tuple[str, str]:
    """Renvoie (email, sorte) ; lève signing.BadSignature si le jeton est altéré."""
    donnees = signing.loads(jeton, salt=SEL_DESABONNEMENT)
    return donnees["e"], donnees["s"]


def est_desabonne(*, email: str, sorte: str) -> bool:
    return Desabonnement.objects.filter(email__iexact=email, sorte=sorte).exists()


ESPACES_ORDINAIRES = re.compile(r"[ \t\r\n\f\v]+")


def rendre(*, gabarit: str, context: dict) -> Contenu:
    """Rend emails/<gabarit>-subject.txt, -body.txt et -body.html."""
    sujet = render_to_string(f"emails/{gabarit}-subject.txt", context)
    return Contenu(
        # Une seule ligne (un saut de ligne dans un en-tête serait une injection),
        # mais les espaces insécables restent : str.split() les prendrait aussi.
        sujet=" ".join(ESPACES_ORDINAIRES.split(sujet.strip())),
        texte=render_to_string(f"emails/{gabarit}-body.txt", context).strip() + "\n",
        html=render_to_string(f"emails/{gabarit}-body.html", context),
    )


def notify(
    *,
    kind: str,
    to,
    key: str,
    context: dict | None = None,
    contenu: Contenu | None = None,
) -> Notification | None:
    """Met un courriel dans la boîte d'envoi, dans la transaction de l'appelant.

    `to` est un utilisateur ou une adresse. `key` est la clé d'idempotence : un
    second appel avec la même clé ne fait rien. Le courriel est rendu depuis les
    gabarits emails/<kind>-* avec `context`, sauf si `contenu` est déjà rendu.
    La tâche d'envoi n'est mise en file qu'après validation de la transaction :
    si elle est annulée, rien ne part. Renvoie None si rien n'est mis en file.
    """
    sorte = sorte_de(kind)
    utilisateur = to if hasattr(to, "email") else None
    email = utilisateur.email if utilisateur else str(to)
    if not sorte.essentielle and est_desabonne(email=email, sorte=kind):
        return None
    if Notification.objects.filter(cle=key).exists():
        return None

    en_tetes = {}
    desabonnement = None
    if not sorte.essentielle:
        desabonnement = lien_desabonnement(email=email, sorte=kind)
        # Désinscription en un clic (RFC 8058) : la messagerie envoie un POST.
        en_tetes = {
            "List-Unsubscribe": f"<{desabonnement}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    if contenu is None:
        contexte = {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "destinataire": utilisateur,
            "lien_desabonnement": desabonnement,
            **(context or {}),
        }
        contenu = rendre(gabarit=kind, context=contexte)

    try:
        # Le point de sauvegarde isole un doublon concurrent sans casser la
        # transaction de l'appelant.
        with transaction.atomic():
            notification = Notification.objects.create(
                sorte=kind,
                destinataire=email,
                utilisateur=utilisateur,
                sujet=contenu.sujet[:255],
                corps_texte=contenu.texte,
                corps_html=contenu.html,
                en_tetes=en_tetes,
                cle=key,
            )
    except IntegrityError:
        return None

    from brest_numerique.notifications.tasks import envoyer_notification

    transaction.on_commit(lambda: envoyer_notification.delay(notification.pk))
    return notification


def notifications_relancer(*, depuis) -> int:
    """Remet en file les notifications en attente depuis avant `depuis`."""
    from brest_numerique.notifications.tasks import envoyer_notification

    ids = list(Notification.objects.oubliees(depuis=depuis).values_list("pk", flat=True)[:1000])
    Notification.objects.filter(pk__in=ids).update(derniere_mise_en_file=timezone.now())
    for pk in ids:
        envoyer_notification.delay(pk)
    return len(ids)


def sortes_refusees(*, email: str) -> set[str]:
    return set(Desabonnement.objects.filter(email__iexact=email).values_list("sorte", flat=True))


@transaction.atomic
def preferences_enregistrer(*, email: str, proposees: set[str], refusees: set[str]) -> None:
    """Parmi les sortes `proposees`, celles de `refusees` ne sont plus envoyées à `email`."""
    email = email.lower()
    Desabonnement.objects.filter(email__iexact=email, sorte__in=proposees - refusees).delete()
    Desabonnement.objects.bulk_create(
        [Desabonnement(email=email, sorte=code) for code in refusees], ignore_conflicts=True
    )
