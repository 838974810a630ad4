"""La messagerie d'un dossier : envoyer un message (et ses courriels), compter et
marquer les non-lus. Les autres notions (espace candidat, liste d'instruction,
résumé hebdomadaire) lisent les non-lus par `messages_non_lus`."""

from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from brest_numerique.notifications.services import notify
from projets import suites
from projets.echanges.models import TEXTE_LONGUEUR_MAX, Cote, Lecture, Message
from projets.models import Dossier
from projets.pieces.models import Origine
from projets.pieces.services import pieces_ajouter

# La messagerie s'ouvre au dépôt : un brouillon n'est qu'à la structure.
FERMEE = {Dossier.Statut.BROUILLON}


def messagerie_ouverte(dossier: Dossier) -> bool:
    return dossier.statut not in FERMEE


def _repere(user) -> Subquery:
    """Le numéro du dernier message que `user` a lu sur le dossier de la ligne."""
    return Subquery(
        Lecture.objects.filter(dossier_id=OuterRef("dossier_id"), user_id=user.pk).values(
            "dernier_lu"
        )[:1]
    )


def non_lus(user) -> QuerySet:
    """Les messages d'autrui que `user` n'a pas encore lus (tous dossiers)."""
    return (
        Message.objects.exclude(auteur_id=user.pk)
        .annotate(repere=Coalesce(_repere(user), 0))
        .filter(pk__gt=F("repere"))
    )


def avec_non_lus(dossiers: QuerySet, user) -> QuerySet:
    """Les dossiers annotés de `messages_non_lus` (leurs messages que `user` n'a pas
    lus), dans la même requête : pour trier ou filtrer une liste (« messages non
    lus ») sans requête de plus."""
    if not user.is_authenticated:
        return dossiers.annotate(messages_non_lus=Value(0))
    compte = (
        non_lus(user)
        .filter(dossier_id=OuterRef("pk"))
        .order_by()
        .values("dossier_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return dossiers.annotate(messages_non_lus=Coalesce(Subquery(compte), 0))


def messages_non_lus(user, dossiers: Iterable[Dossier | int] | QuerySet) -> dict[int, int]:
    """{dossier_id: nombre de messages non lus par `user`}, en une requête.

    `dossiers` : des dossiers, leurs numéros (pk) ou un QuerySet de dossiers (qui
    reste alors une sous-requête). Un dossier sans non-lu vaut 0 (le résultat est
    un Counter : une clé absente vaut 0 aussi)."""
    if not user.is_authenticated:
        return Counter()
    if isinstance(dossiers, QuerySet):
        filtre, ids = {"dossier_id__in": dossiers.values("pk")}, []
    else:
        ids = [d if isinstance(d, int) else d.pk for d in dossiers]
        if not ids:
            return Counter()
        filtre = {"dossier_id__in": ids}
    comptes = Counter(dict.fromkeys(ids, 0))
    lignes = non_lus(user).filter(**filtre).values("dossier_id").annotate(n=Count("pk"))
    comptes.update({ligne["dossier_id"]: ligne["n"] for ligne in lignes})
    return comptes


# Le repère de lecture n'a pas été lu : on ne sait pas si la ligne existe.
INCONNU = object()


def messages_marquer_lus(*, dossier: Dossier, user, jusqu_a: int, repere=INCONNU) -> None:
    """`user` a lu le fil de `dossier` jusqu'au message `jusqu_a`, jamais en arrière :
    un onglet resté ouvert ne fait pas réapparaître des non-lus. `repere` : son
    repère déjà lu (None s'il n'en a pas), pour n'écrire qu'une fois."""
    if not jusqu_a or not user.is_authenticated:
        return
    if repere is not INCONNU and repere is not None and repere >= jusqu_a:
        return
    maintenant = timezone.now()
    if repere is not None:
        # Conditionnelle : une lecture plus récente, faite entre-temps, n'est pas défaite.
        avance = Lecture.objects.filter(
            dossier_id=dossier.pk, user_id=user.pk, dernier_lu__lt=jusqu_a
        ).update(dernier_lu=jusqu_a, lu_le=maintenant)
        if avance or repere is not INCONNU:
            return
    # Première lecture (ou déjà lue plus loin : l'insertion ne fait alors rien).
    Lecture.objects.bulk_create(
        [Lecture(dossier_id=dossier.pk, user_id=user.pk, dernier_lu=jusqu_a, lu_le=maintenant)],
        ignore_conflicts=True,
    )


def fil_ouvrir(*, dossier: Dossier, user, marquer: bool = True) -> tuple[list[Message], int]:
    """Les messages du dossier dans l'ordre, avec le repère de lecture de `user`
    d'avant l'ouverture (pour signaler les nouveaux), puis le fil marqué lu. Le
    nombre de requêtes ne dépend pas du nombre de messages."""
    fil = list(
        dossier.messages.select_related("auteur")
        .prefetch_related(Prefetch("pieces", to_attr="pieces_du_fil"))
        .order_by("pk")
    )
    repere = (
        Lecture.objects.filter(dossier_id=dossier.pk, user_id=user.pk)
        .values_list("dernier_lu", flat=True)
        .first()
    )
    if marquer and fil:
        messages_marquer_lus(dossier=dossier, user=user, jusqu_a=fil[-1].pk, repere=repere)
    return fil, repere or 0


def destinataires(message: Message) -> list:
    """Les membres de la structure pour un message de l'instruction ; l'instructeur
    du dossier (à défaut ceux de l'édition, puis l'équipe) pour un message de la
    structure. Jamais l'auteur."""
    dossier = message.dossier
    if message.cote == Cote.INSTRUCTION:
        personnes = suites.membres(dossier)
    else:
        personnes = suites.instructeurs(dossier)
    return [p for p in personnes if getattr(p, "pk", None) != message.auteur_id]


def _lien(nom: str, dossier: Dossier) -> str:
    return settings.SITE_URL + reverse(nom, kwargs={"dossier": dossier.pk})


def _notifier(message: Message, pieces: list) -> None:
    dossier = message.dossier
    sorte = "dossier_message" if message.cote == Cote.INSTRUCTION else "dossier_message_instruction"
    lien = _lien(
        "projets:messages" if message.cote == Cote.INSTRUCTION else "instruction:messages", dossier
    )
    contexte = {
        "dossier": dossier,
        "structure": dossier.structure,
        "edition": dossier.edition,
        "message": message,
        "pieces": pieces,
        "lien_messages": lien,
    }
    for destinataire in destinataires(message):
        adresse = getattr(destinataire, "email", destinataire)
        notify(kind=sorte, to=destinataire, key=f"{sorte}:{message.pk}:{adresse}", context=contexte)


@transaction.atomic
def message_envoyer(*, dossier: Dossier, par, texte: str, fichiers=(), cote: str) -> Message:
    """Écrit le message, ses pièces et ses courriels dans une transaction. Les droits
    de `par` sur le dossier sont vérifiés par la vue (membre, ou instructeur)."""
    if cote not in Cote.values:
        raise ValueError(f"Côté inconnu : {cote}")
    if not messagerie_ouverte(dossier):
        raise ValidationError(
            gettext("La messagerie s'ouvre au dépôt du dossier\u00a0: il est encore en brouillon.")
        )
    texte = (texte or "").strip()
    if not texte:
        raise ValidationError({"texte": gettext("Écrivez votre message.")})
    if len(texte) > TEXTE_LONGUEUR_MAX:
        raise ValidationError(
            {
                "texte": gettext("Le message compte %(max)s caractères au plus.")
                % {"max": TEXTE_LONGUEUR_MAX}
            }
        )
    fichiers = list(fichiers or [])
    # Les fichiers d'abord : un fichier refusé (contenu, taille, plafond du dossier)
    # n'écrit rien, ni message ni courriel ; l'erreur revient au champ des pièces.
    pieces = []
    if fichiers:
        try:
            pieces = pieces_ajouter(dossier, fichiers, par, origine=Origine.MESSAGE)
        except ValidationError as erreur:
            raise ValidationError({"fichiers": erreur.messages}) from None
    message = Message.objects.create(dossier=dossier, auteur=par, cote=cote, texte=texte)
    if pieces:
        message.pieces.set(pieces)
    # Répondre, c'est avoir lu le fil jusque-là.
    messages_marquer_lus(dossier=dossier, user=par, jusqu_a=message.pk)
    _notifier(message, pieces)
    return message
