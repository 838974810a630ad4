"""Supprimer son compte : ce qui l'empêche, ce qui s'efface avec lui.

Chaque application déclare depuis son `ready()` ce qu'elle garde d'un compte, par
`enregistrer(Suite(...))` : une raison de refuser la suppression (un dossier déposé
au nom d'une structure, qui doit garder un interlocuteur) ou un effacement à faire
dans la même transaction (les commentaires, gardés mais anonymisés). Ce module ne
connaît aucune application par son nom ; il efface lui-même ce que le socle tient du
compte (adresses d'allauth, double authentification, notifications, désabonnements,
sessions) en supprimant l'utilisateur.
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from brest_numerique.notifications.models import Desabonnement, Notification
from brest_numerique.registre import Registre


@dataclass(frozen=True)
class Suite:
    code: str
    # user -> la raison (en français) de refuser la suppression, ou "" s'il n'y en a pas.
    empechement: Callable | None = None
    # user -> None : efface ce que l'application garde de lui, avant la suppression.
    effacer: Callable | None = None


_REGISTRE: Registre[Suite] = Registre("La suite de suppression", lambda suite: suite.code)
enregistrer = _REGISTRE.enregistrer


class CompteNonSupprimable(Exception):
    """Une raison, au moins, interdit de supprimer ce compte tout de suite."""

    def __init__(self, raisons: list[str]):
        super().__init__(" ".join(raisons))
        self.raisons = raisons


def empechements(user) -> list[str]:
    """Les raisons de ne pas supprimer ce compte maintenant, à dire telles quelles."""
    raisons = []
    if user.is_superuser or user.is_staff or user.groups.exists():
        raisons.append(
            _(
                "Votre compte fait partie de l'équipe du portail\u00a0: demandez à un "
                "administrateur de vous retirer vos rôles avant de le supprimer."
            )
        )
    for suite in _REGISTRE.values():
        if suite.empechement is not None and (raison := suite.empechement(user)):
            raisons.append(raison)
    return raisons


def _sessions_fermer(user) -> int:
    """Ferme les sessions ouvertes du compte, sur tous ses appareils. Les sessions
    sont en base et chiffrées à part : on les relit, une fois, pour une démarche rare."""
    identifiant = str(user.pk)
    a_fermer = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == identifiant
    ]
    # Par le moteur des sessions, qui les efface aussi du cache (cached_db) : effacée
    # de la base seulement, une session resterait ouverte depuis le cache.
    moteur = import_module(settings.SESSION_ENGINE).SessionStore()
    for cle in a_fermer:
        moteur.delete(cle)
    return len(a_fermer)


@transaction.atomic
def compte_supprimer(*, user) -> None:
    """Supprime le compte et ses données personnelles ; lève CompteNonSupprimable
    s'il ne peut pas l'être. Tout ou rien : une étape qui échoue annule les autres."""
    user = get_user_model()._default_manager.select_for_update().get(pk=user.pk)
    if raisons := empechements(user):
        raise CompteNonSupprimable(raisons)
    for suite in _REGISTRE.values():
        if suite.effacer is not None:
            suite.effacer(user)
    email = user.email
    # Les courriels gardés dans la boîte d'envoi portent son nom et son adresse.
    Notification.objects.filter(Q(utilisateur=user) | Q(destinataire__iexact=email)).delete()
    Desabonnement.objects.filter(email__iexact=email).delete()
    _sessions_fermer(user)
    # Les adresses d'allauth, la double authentification et les préférences partent
    # en cascade ; les journaux gardent la trace d'une action, sans son auteur.
    user.delete()
