"""Qui peut faire quoi : le seul endroit où les vues posent la question.

Chaque rôle est un groupe Django (créé avec ses permissions par la migration
comptes/0002_roles). Une action se ramène à une permission et dit si elle porte
sur un objet ; une action sur objet n'est permise que si la règle de l'objet,
enregistrée par l'application qui le possède (`<app>/regles.py`, chargé dans son
`AppConfig.ready()`), répond oui. Tout ce qui n'est pas prévu est refusé ou lève
une erreur de programmation : rien n'est permis par oubli. Gérer quoi que ce soit
exige une adresse électronique vérifiée.

Exemple, dans `<app>/regles.py` :

    @regle_objet("consulter_chiffres_residences", Residence)
    def son_bailleur(user, residence) -> bool:
        return residence.bailleur.comptes.filter(pk=user.pk).exists()
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from brest_numerique.comptes.droits import droits_du_compte


class Role:
    WEBMESTRES = "Webmestres"
    INSTRUCTEURS = "Instructeurs"
    JURY = "Jury"
    GESTIONNAIRES_IPT = "Gestionnaires Internet pour tous"
    BAILLEURS = "Bailleurs"


@dataclass(frozen=True)
class Action:
    permission: str  # « app_label.codename »
    # Vrai : l'action vise un objet et ne se décide qu'avec sa règle.
    sur_objet: bool = False


ACTIONS: dict[str, Action] = {
    "publier_contenus": Action("comptes.publier_contenus"),
    "moderer_commentaires": Action("comptes.moderer_commentaires"),
    # Les erreurs signalées sur les fiches des lieux : ceux qui les traitent déjà dans
    # l'administration (permission accordée aux Webmestres par papi/0006), pour que
    # la file de l'équipe et l'administration ne disent jamais deux choses.
    "traiter_signalements_lieux": Action("papi.change_signalementlieu"),
    # Un instructeur n'instruit que les éditions qui lui sont confiées (règle de
    # l'application projets, sur l'édition et sur le dossier).
    "instruire_dossiers": Action("comptes.instruire_dossiers", sur_objet=True),
    # Un juré ne note que les dossiers qui lui sont confiés, un bailleur ne voit que
    # ses résidences : règles des applications projets et internet_pour_tous.
    "noter_dossiers": Action("comptes.noter_dossiers", sur_objet=True),
    "gerer_internet_pour_tous": Action("comptes.gerer_internet_pour_tous"),
    "consulter_chiffres_residences": Action(
        "comptes.consulter_chiffres_residences", sur_objet=True
    ),
}

# (action, classe d'objet) → règle (user, obj) -> bool, enregistrée par l'application
# qui possède la classe.
REGLES_OBJET: dict[tuple[str, type], Callable] = {}


class RegleManquante(ImproperlyConfigured):
    """Une action est demandée sur un objet pour lequel aucune règle n'existe."""


def _action(nom: str) -> Action:
    try:
        return ACTIONS[nom]
    except KeyError:
        raise ValueError(f"Action inconnue : {nom}") from None


def regle_objet(action: str, modele: type):
    """Décorateur : enregistre la règle d'une action sur les objets de `modele`."""
    if not _action(action).sur_objet:
        raise ImproperlyConfigured(f"L'action {action} ne porte sur aucun objet.")

    def enregistrer(fonction: Callable) -> Callable:
        if (action, modele) in REGLES_OBJET:
            raise ImproperlyConfigured(f"Deux règles pour {action} sur {modele.__name__}.")
        REGLES_OBJET[(action, modele)] = fonction
        return fonction

    return enregistrer


def _regle(action: str, obj) -> Callable:
    for classe in type(obj).__mro__:
        regle = REGLES_OBJET.get((action, classe))
        if regle is not None:
            return regle
    raise RegleManquante(
        f"Aucune règle pour {action} sur {type(obj).__name__} : ajoutez-la dans "
        "regles.py de son application."
    )


def email_verifie(user) -> bool:
    return user.is_authenticated and droits_du_compte(user).email_verifie


def peut(user, action: str, obj=None) -> bool:
    """Cet utilisateur peut-il faire `action` (sur `obj` si l'action vise un objet) ?

    Une action sur objet demandée sans objet répond pour « au moins un objet » (la
    vue d'une liste, un menu) ; un objet passé à une action qui n'en prend pas, ou
    un objet sans règle enregistrée, est une erreur de programmation."""
    definition = _action(action)
    if obj is not None and not definition.sur_objet:
        raise ImproperlyConfigured(f"L'action {action} ne porte sur aucun objet.")
    regle = _regle(action, obj) if obj is not None else None
    if not (user.is_authenticated and user.is_active):
        return False
    if not user.is_superuser and not email_verifie(user):
        return False
    if not user.has_perm(definition.permission):
        return False
    if regle is not None and not user.is_superuser:
        return bool(regle(user, obj))
    return True


def comptes_pouvant(action: str) -> QuerySet:
    """Les comptes qui peuvent faire `action`, en une requête : actifs, adresse
    vérifiée, permission par un groupe ou en propre — ou superutilisateurs, comme
    le décide peut(). Les règles sur objet restent à appliquer par l'appelant."""
    app_label, codename = _action(action).permission.split(".")
    User = get_user_model()
    permission = Q(content_type__app_label=app_label, codename=codename)
    from django.contrib.auth.models import Permission

    par_groupe = Permission.objects.filter(permission, group__user=OuterRef("pk"))
    en_propre = Permission.objects.filter(permission, user=OuterRef("pk"))
    adresse_verifiee = EmailAddress.objects.filter(
        user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
    )
    return User.objects.filter(
        Q(is_superuser=True)
        | ((Exists(par_groupe) | Exists(en_propre)) & Exists(adresse_verifiee)),
        is_active=True,
    )


def action_requise(action: str, *, objet: tuple | None = None):
    """Décorateur de vue : connexion demandée, puis 403 si l'action est refusée.

    `objet=(modele_ou_queryset, "parametre_d_url")` charge l'objet depuis l'adresse
    (404 s'il n'existe pas), vérifie la règle de l'objet (403 si elle refuse) et le
    passe à la vue à la place du paramètre : une vue ne peut pas oublier l'objet."""
    if objet is not None and not _action(action).sur_objet:
        raise ImproperlyConfigured(f"L'action {action} ne porte sur aucun objet.")

    def decorer(vue):
        @wraps(vue)
        def envelopper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not peut(request.user, action):
                raise PermissionDenied
            if objet is not None:
                source, parametre = objet
                cible = get_object_or_404(source, pk=kwargs.pop(parametre))
                if not peut(request.user, action, cible):
                    raise PermissionDenied
                kwargs[parametre] = cible
            return vue(request, *args, **kwargs)

        return envelopper

    return decorer
