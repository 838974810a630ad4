"""Qui peut faire quoi : le seul endroit où les vues posent la question.

Chaque rôle est un groupe Django (créé avec ses permissions par la migration
comptes/0002_roles) ;
une action se ramène à une permission, puis éventuellement à une règle sur
l'objet visé. Gérer quoi que ce soit exige une adresse électronique vérifiée.
"""

from collections.abc import Callable
from functools import wraps

from allauth.account.models import EmailAddress
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


class Role:
    WEBMESTRES = "Webmestres"
    INSTRUCTEURS = "Instructeurs"
    JURY = "Jury"
    GESTIONNAIRES_IPT = "Gestionnaires Internet pour tous"
    BAILLEURS = "Bailleurs"


# Action → permission exigée.
ACTIONS: dict[str, str] = {
    "publier_contenus": "comptes.publier_contenus",
    "moderer_commentaires": "comptes.moderer_commentaires",
    "instruire_dossiers": "comptes.instruire_dossiers",
    "noter_dossiers": "comptes.noter_dossiers",
    "gerer_internet_pour_tous": "comptes.gerer_internet_pour_tous",
    "consulter_chiffres_residences": "comptes.consulter_chiffres_residences",
}

# Action → règle supplémentaire sur l'objet (user, obj) -> bool. Les applications
# enregistrent ici les leurs (un bailleur ne voit que ses résidences, un juré que
# les dossiers qui lui sont confiés…).
REGLES_OBJET: dict[str, Callable] = {}


def regle_objet(action: str):
    """Décorateur : enregistre la règle sur l'objet d'une action."""

    def enregistrer(fonction: Callable) -> Callable:
        REGLES_OBJET[action] = fonction
        return fonction

    return enregistrer


def email_verifie(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_email_verifie", None)
    if cached is None:
        cached = EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
        user._email_verifie = cached
    return cached


def peut(user, action: str, obj=None) -> bool:
    """Cet utilisateur peut-il faire `action` (sur `obj` s'il est donné) ?"""
    if action not in ACTIONS:
        raise ValueError(f"Action inconnue : {action}")
    if not (user.is_authenticated and user.is_active):
        return False
    if not user.is_superuser and not email_verifie(user):
        return False
    if not user.has_perm(ACTIONS[action]):
        return False
    regle = REGLES_OBJET.get(action)
    if obj is not None and regle is not None and not user.is_superuser:
        return regle(user, obj)
    return True


def action_requise(action: str):
    """Décorateur de vue : connexion demandée, puis 403 si l'action est refusée."""

    def decorer(vue):
        @wraps(vue)
        def envelopper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not peut(request.user, action):
                raise PermissionDenied
            return vue(request, *args, **kwargs)

        return envelopper

    return decorer
