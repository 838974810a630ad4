"""Les règles d'objet d'Internet pour tous (voir brest_numerique/comptes/roles.py).

Un compte du groupe Bailleurs ne voit que les chiffres des bailleurs dont il est
l'un des `comptes` : leurs secteurs, résidences, relevés et abonnements. Les vues de
l'espace bailleur filtrent aussi leurs listes par les fonctions ci-dessous, et
cherchent un objet demandé par son identifiant dans ces seuls ensembles : l'objet
d'un autre bailleur y est introuvable (404), son existence ne se devine pas. Un
bailleur ne modifie jamais un abonnement : aucune action ne le lui permet."""

from django.db.models import QuerySet

from brest_numerique.comptes.roles import regle_objet
from internet_pour_tous.models import Abonnement, Bailleur, Releve, Residence, Secteur

ACTION = "consulter_chiffres_residences"


def _identifiants(user) -> frozenset[int]:
    """Les bailleurs du compte, lus une fois par requête (gardés sur l'objet user)."""
    if not user.is_authenticated:
        return frozenset()
    ids = getattr(user, "_bailleurs_ipt", None)
    if ids is None:
        ids = frozenset(Bailleur.objects.filter(comptes=user).values_list("pk", flat=True))
        user._bailleurs_ipt = ids
    return ids


def bailleurs_du_compte(user) -> QuerySet:
    """Les bailleurs dont ce compte voit les chiffres (tous pour un superutilisateur,
    comme le décide peut())."""
    if user.is_authenticated and user.is_superuser:
        return Bailleur.objects.all()
    return Bailleur.objects.filter(pk__in=_identifiants(user))


def _filtre(user, qs: QuerySet, chemin: str) -> QuerySet:
    if user.is_authenticated and user.is_superuser:
        return qs
    return qs.filter(**{f"{chemin}__in": _identifiants(user)})


def secteurs_du_bailleur(user) -> QuerySet:
    return _filtre(user, Secteur.objects.all(), "bailleur_id")


def residences_du_bailleur(user) -> QuerySet:
    return _filtre(user, Residence.objects.all(), "secteur__bailleur_id")


def releves_du_bailleur(user) -> QuerySet:
    return _filtre(user, Releve.objects.all(), "bailleur_id")


def abonnements_du_bailleur(user) -> QuerySet:
    return _filtre(user, Abonnement.objects.all(), "logement__bailleur_id")


@regle_objet(ACTION, Bailleur)
def bailleur_du_compte(user, bailleur) -> bool:
    return bailleur.pk in _identifiants(user)


@regle_objet(ACTION, Secteur)
def secteur_du_compte(user, secteur) -> bool:
    return secteur.bailleur_id in _identifiants(user)


@regle_objet(ACTION, Residence)
def residence_du_compte(user, residence) -> bool:
    return residence.secteur.bailleur_id in _identifiants(user)


@regle_objet(ACTION, Releve)
def releve_du_compte(user, releve) -> bool:
    return releve.bailleur_id in _identifiants(user)


@regle_objet(ACTION, Abonnement)
def abonnement_du_compte(user, abonnement) -> bool:
    return abonnement.logement.bailleur_id in _identifiants(user)
