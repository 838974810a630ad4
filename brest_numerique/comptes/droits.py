"""Les droits d'un compte (ses permissions, son adresse vérifiée), gardés d'une
requête à l'autre.

Chaque page de l'équipe demandait à la base, à chaque requête, les permissions du
compte, celles de ses groupes, puis si son adresse est vérifiée : trois requêtes
sur les dix de la file de modération (bench/README.md). Ils sont gardés dans le
cache, un par compte, et toute écriture qui peut les changer les périme (signaux
plus bas) : les groupes, les permissions en propre et les adresses d'un compte
effacent les siens ; les permissions d'un groupe, un groupe ou une permission créés
ou supprimés changent la version des droits, qui les périme tous.

Ce que porte la ligne du compte, relue à chaque requête (actif, superutilisateur,
adresse), est gardé avec eux et comparé : un compte désactivé ou qui change
d'adresse ne retrouve pas les droits d'avant à la requête suivante.
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from brest_numerique.cache_anonyme import Version

version_des_droits = Version("comptes:droits:version")
# Une borne pour les écritures qui échappent aux signaux (update() et bulk_create()
# en masse, modèles historiques des migrations, SQL à la main) : des droits changés
# ainsi se voient au plus tard cinq minutes après.
DUREE = 300


@dataclass(frozen=True)
class Droits:
    permissions: frozenset[str]  # « app_label.codename »
    email_verifie: bool


def _calculer(user) -> Droits:
    permissions = Permission.objects.all()
    if not user.is_superuser:
        permissions = permissions.filter(Q(user=user) | Q(group__user=user)).distinct()
    return Droits(
        permissions=frozenset(
            f"{app_label}.{codename}"
            for app_label, codename in permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
        email_verifie=EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists(),
    )


def _cle(user_id) -> str:
    return f"comptes:droits:{user_id}"


def _empreinte(user) -> tuple:
    """Ce dont dépendent les droits gardés, hors de ce que périment les signaux : la
    ligne du compte telle que cette requête l'a chargée, et la version des groupes."""
    return (user.is_active, user.is_superuser, user.email.lower(), version_des_droits())


def droits_du_compte(user) -> Droits:
    """Les droits de ce compte connecté, lus une fois par requête (gardés sur
    l'objet `user`, comme le fait Django pour ses permissions)."""
    droits = getattr(user, "_droits", None)
    if droits is None:
        empreinte = _empreinte(user)
        garde = cache.get(_cle(user.pk))
        if garde is not None and garde[0] == empreinte:
            droits = garde[1]
        else:
            droits = _calculer(user)
            cache.set(_cle(user.pk), (empreinte, droits), DUREE)
        user._droits = droits
    return droits


class PermissionsGardees(ModelBackend):
    """Le ModelBackend de Django, qui lit les permissions dans `droits_du_compte`.

    `_perm_cache` est l'attribut où ModelBackend garde les permissions sur l'objet
    `user` : le remplir ici épargne aussi la base au backend d'allauth, qui hérite de
    ModelBackend et se voit demander une permission que celui-ci a refusée."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = set(droits_du_compte(user_obj).permissions)
        return user_obj._perm_cache


def _deux_fois(effacer: Callable[[], None]) -> None:
    # Tout de suite, et encore après la validation : une requête qui relirait les
    # droits entre les deux, dans l'ancien état de la base, les garderait ; la
    # seconde fois les périme. Sans transaction, les deux d'affilée.
    effacer()
    transaction.on_commit(effacer)


def _comptes_oublier(user_ids) -> None:
    _deux_fois(lambda: cache.delete_many([_cle(pk) for pk in user_ids]))


def _groupes_changes(**kwargs) -> None:
    """Un groupe ou une permission change : tous les comptes peuvent en dépendre."""
    if kwargs.get("action", "post_").startswith("post_"):  # m2m_changed : pas les pre_*
        _deux_fois(version_des_droits.incrementer)


def _appartenance_changee(instance, action, reverse, pk_set, **kwargs) -> None:
    """Les groupes ou permissions en propre d'un compte : `instance` est le compte,
    ou, vu de l'autre côté (`group.user_set.add(…)`), le groupe et `pk_set` les
    comptes ; `clear()` de ce côté-là ne dit pas lesquels."""
    if not action.startswith("post_"):
        return
    if not reverse:
        _comptes_oublier([instance.pk])
    elif pk_set is not None:
        _comptes_oublier(pk_set)
    else:
        _groupes_changes()


def _adresse_changee(instance, **kwargs) -> None:
    _comptes_oublier([instance.user_id])


def brancher() -> None:
    """Relie les écritures qui changent des droits au cache (appelé par
    `ComptesConfig.ready`)."""
    User = get_user_model()
    for relation in (User.groups.through, User.user_permissions.through):
        m2m_changed.connect(
            _appartenance_changee, sender=relation, dispatch_uid=f"droits-{relation}"
        )
    m2m_changed.connect(_groupes_changes, sender=Group.permissions.through, dispatch_uid="droits-g")
    for modele in (Group, Permission):
        post_save.connect(_groupes_changes, sender=modele, dispatch_uid=f"droits-s-{modele}")
        post_delete.connect(_groupes_changes, sender=modele, dispatch_uid=f"droits-d-{modele}")
    post_save.connect(_adresse_changee, sender=EmailAddress, dispatch_uid="droits-adresse-s")
    post_delete.connect(_adresse_changee, sender=EmailAddress, dispatch_uid="droits-adresse-d")
