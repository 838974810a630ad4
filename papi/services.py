"""L'écriture des lieux et de ce qui en dérive.

`lieux_enregistrer` est le seul chemin d'écriture du contenu d'un lieu : la
fiche de l'administration, son import (django-import-export), la commande
importer_lieux, les données de démonstration et la fabrique des tests y passent
tous. Il écrit en masse (COPY, brest_numerique/copie.py) et tient à jour, dans
la même transaction, tout ce qui se déduit d'un lieu : slug, créneaux,
`jours_feries_specifiques`, vecteur de recherche et version des caches.
Publier, dépublier et supprimer ne touchent qu'à la version : `lieux_publier`
et `lieux_supprimer`.

`lieu_signaler` enregistre un « Signaler une erreur » et prévient l'équipe.
"""

from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models.expressions import CombinedExpression
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from brest_numerique.copie import (
    cles_reserver,
    lignes_copier,
    lignes_copier_avec_calculs,
    lignes_mettre_a_jour,
)
from brest_numerique.notifications.services import notify
from papi.fields import ListeField
from papi.horaires import creneaux, mentionne_jours_feries
from papi.models import Commune, Creneau, Lieu, SignalementLieu
from papi.querysets import CONFIG_RECHERCHE

# Change à chaque modification des lieux : clés de cache et ETag des pages publiques.
version_des_lieux = Lieu.version_publique


def lieux_modifies() -> None:
    version_des_lieux.changer()


def communes() -> list[Commune]:
    """Les huit communes de la métropole (données de référence, posées par
    migration et en lecture seule dans l'administration) : lues une fois par
    heure, pas à chaque page, puisque même la clé de cache d'une page en dépend."""
    return cache.get_or_set("papi:communes:v1", lambda: list(Commune.objects.all()), 3600)


def _creneaux_ecrire(lieux: list[Lieu]) -> None:
    """Écrit les créneaux de ces lieux d'après leurs horaires, en masse ; les
    anciens doivent être déjà effacés."""
    nouveaux = []
    # Bien des lieux partagent les mêmes horaires : chaque texte n'est déplié qu'une fois.
    par_horaires: dict[str, list[tuple[int, int, int]]] = {}
    for lieu in lieux:
        if lieu.horaires not in par_horaires:
            par_horaires[lieu.horaires] = creneaux(lieu.horaires)
        nouveaux.extend((lieu.pk, j, d, f) for j, d, f in par_horaires[lieu.horaires])
    # COPY : un import de 20 000 lieux donne ~125 000 créneaux (brest_numerique/copie.py).
    lignes_copier(modele=Creneau, champs=["lieu_id", "jour", "debut", "fin"], lignes=nouveaux)


def _vecteur_de_recherche() -> CombinedExpression:
    """Plein texte français sans accents : le nom d'abord, puis la commune et
    l'adresse, puis les présentations."""
    return (
        SearchVector("nom", weight="A", config=CONFIG_RECHERCHE)
        + SearchVector("commune", "adresse", weight="B", config=CONFIG_RECHERCHE)
        + SearchVector(
            "presentation_resume", "presentation_detail", weight="C", config=CONFIG_RECHERCHE
        )
    )


def lieux_indexer(*, ids: Iterable[int] | None = None) -> None:
    """Met à jour le vecteur de recherche plein texte (PostgreSQL seulement)."""
    if connection.vendor != "postgresql":
        return
    lieux = Lieu.objects.all() if ids is None else Lieu.objects.filter(pk__in=list(ids))
    lieux.update(recherche=_vecteur_de_recherche())


def slugs_attribuer(*, lieux: list[Lieu]) -> None:
    """Donne à chaque lieu sans slug une adresse lisible et unique
    (« mediatheque-de-bellevue-brest », puis « …-2 » en cas d'homonyme).
    Les slugs pris sont lus une fois pour tout le lot."""
    sans_slug = [lieu for lieu in lieux if not lieu.slug]
    if not sans_slug:
        return
    pris = set(Lieu.objects.values_list("slug", flat=True))
    pris.update(lieu.slug for lieu in lieux if lieu.slug)
    for lieu in sans_slug:
        base = slugify(f"{lieu.nom} {lieu.commune}")[:110] or "lieu"
        slug, n = base, 1
        while slug in pris:
            n += 1
            slug = f"{base}-{n}"
        lieu.slug = slug
        pris.add(slug)


# Ni la clé, ni le vecteur de recherche (calculé en base par lieux_indexer).
_NON_ECRITS = {"id", "recherche"}


def _champs_ecrits(noms: Iterable[str] | None = None) -> list[models.Field]:
    if noms is None:
        return [f for f in Lieu._meta.concrete_fields if f.name not in _NON_ECRITS]
    # Toujours écrits : ce que lieux_enregistrer pose lui-même.
    noms = set(noms) | {"slug", "modifie_le", "publie_le", "jours_feries_specifiques"}
    return [f for f in Lieu._meta.concrete_fields if f.name in noms - _NON_ECRITS]


def _pour_la_base(champs: list[models.Field]) -> Callable[[Lieu], list]:
    """Les valeurs de ces champs d'un lieu, prêtes pour la base. Seuls les
    ListeField ont besoin de leur conversion (« |a|b| ») ; les autres valeurs
    (texte, nombres, dates, booléens) passent telles quelles. Les attributs se lisent
    d'un seul attrgetter : 20 000 lieux d'un import en ont près d'un million."""
    lire = attrgetter(*(f.attname for f in champs)) if champs else lambda lieu: ()
    listes = [(i, f) for i, f in enumerate(champs) if isinstance(f, ListeField)]

    def valeurs(lieu: Lieu) -> list:
        lues = lire(lieu)
        lues = list(lues) if len(champs) > 1 else [lues]
        for i, champ in listes:
            lues[i] = champ.get_prep_value(lues[i])
        return lues

    return valeurs


def _inserer(lieux: list[Lieu]) -> None:
    champs = _champs_ecrits()
    valeurs = _pour_la_base(champs)
    if connection.vendor == "postgresql":
        for lieu, cle in zip(lieux, cles_reserver(modele=Lieu, nombre=len(lieux)), strict=True):
            lieu.pk = cle
        # Le vecteur de recherche se calcule à l'insertion même : un UPDATE après
        # coup récrivait chaque lieu et chacun de ses index (bench/README.md).
        requete = Lieu.objects.all().query
        vecteur = _vecteur_de_recherche().resolve_expression(requete)
        lignes_copier_avec_calculs(
            modele=Lieu,
            champs=["id", *(f.attname for f in champs)],
            lignes=([lieu.pk, *valeurs(lieu)] for lieu in lieux),
            calculs={"recherche": requete.get_compiler(connection=connection).compile(vecteur)},
        )
    else:
        lignes_copier(
            modele=Lieu,
            champs=[f.attname for f in champs],
            lignes=(valeurs(lieu) for lieu in lieux),
        )
        # Sans COPY ni séquence à réserver, les clés se relisent par l'identifiant, unique.
        cles = dict(
            Lieu.objects.filter(identifiant__in=[lieu.identifiant for lieu in lieux]).values_list(
                "identifiant", "pk"
            )
        )
        for lieu in lieux:
            lieu.pk = cles[lieu.identifiant]
    for lieu in lieux:
        lieu._state.adding = False
        lieu._state.db = connection.alias


def _mettre_a_jour(lieux: list[Lieu], champs: Iterable[str] | None) -> None:
    ecrits = _champs_ecrits(champs)
    valeurs = _pour_la_base(ecrits)
    lignes_mettre_a_jour(
        modele=Lieu,
        champs=[f.attname for f in ecrits],
        lignes=([lieu.pk, *valeurs(lieu)] for lieu in lieux),
    )


@transaction.atomic
def lieux_enregistrer(*, lieux: Sequence[Lieu], champs: Iterable[str] | None = None) -> None:
    """Écrit ces lieux, neufs (sans clé) ou existants, et tout ce qui en dérive.

    Les valeurs doivent être déjà validées (formulaire, valider_ligne) : rien
    n'est revérifié ici. `champs` : pour les lieux existants, les seuls champs à
    réécrire (un import ne touche qu'aux colonnes de son fichier) ; par défaut,
    tous. Tout se fait en quelques requêtes quel que soit le nombre de lieux, si
    bien qu'un import de 20 000 lieux et la fiche d'un seul prennent le même
    chemin. La version des caches change après validation de la transaction.
    """
    lieux = list(lieux)
    if not lieux:
        return
    nouveaux = [lieu for lieu in lieux if lieu.pk is None]
    existants = [lieu for lieu in lieux if lieu.pk is not None]
    slugs_attribuer(lieux=lieux)
    maintenant = timezone.now()
    for lieu in lieux:
        # Écrit hors de save() : auto_now ne joue pas, la date se pose ici.
        lieu.modifie_le = maintenant
        if lieu.publie and lieu.publie_le is None:
            lieu.publie_le = maintenant
        # Posé dès l'écriture (toujours écrit, voir _champs_ecrits) : rien à recalculer.
        lieu.jours_feries_specifiques = mentionne_jours_feries(lieu.horaires)
    if nouveaux:
        # Le vecteur de recherche y est calculé, et un lieu neuf n'a pas de créneaux.
        _inserer(nouveaux)
    if existants:
        _mettre_a_jour(existants, champs)
        Creneau.objects.filter(lieu_id__in=[lieu.pk for lieu in existants]).delete()
        lieux_indexer(ids=[lieu.pk for lieu in existants])
    _creneaux_ecrire(lieux)
    lieux_modifies()


@transaction.atomic
def lieux_publier(*, lieux: models.QuerySet, publie: bool) -> int:
    """Publie ou dépublie ces lieux ; renvoie leur nombre. Ni créneau ni index
    n'en dépendent : seule la version des caches change."""
    maintenant = timezone.now()
    if publie:
        lieux.filter(publie_le__isnull=True).update(publie_le=maintenant)
    nombre = lieux.update(publie=publie, modifie_le=maintenant)
    lieux_modifies()
    return nombre


@transaction.atomic
def lieux_supprimer(*, lieux: models.QuerySet) -> None:
    """Supprime ces lieux ; leurs créneaux partent en cascade."""
    lieux.delete()
    lieux_modifies()


@transaction.atomic
def lieu_signaler(*, lieu: Lieu, message: str, email: str = "") -> SignalementLieu:
    """Enregistre le signalement d'un visiteur et prévient l'équipe, dans la
    même transaction : pas de courriel pour un signalement perdu, ni l'inverse."""
    signalement = SignalementLieu.objects.create(lieu=lieu, message=message, email=email)
    signalement_notifier(signalement=signalement)
    return signalement


def signalement_notifier(*, signalement: SignalementLieu) -> None:
    """Le courriel à l'équipe. La clé d'idempotence est le signalement lui-même :
    un second appel pour le même signalement n'écrit rien."""
    lieu = signalement.lieu
    notify(
        kind="papi_signalement",
        to=settings.STAFF_EMAIL,
        key=f"papi_signalement:{signalement.pk}",
        context={
            "lieu": lieu,
            "message": signalement.message,
            "email": signalement.email,
            "lien_signalement": settings.SITE_URL
            + reverse("admin:papi_signalementlieu_change", args=[signalement.pk]),
            "lien_admin": settings.SITE_URL + reverse("admin:papi_lieu_change", args=[lieu.pk]),
            "lien_fiche": settings.SITE_URL + lieu.get_absolute_url(),
        },
    )


def signalement_remercier(*, signalement: SignalementLieu) -> None:
    """Le courriel au visiteur dont le signalement est traité, s'il a laissé son
    adresse. La clé est le signalement : un seul courriel, même rejoué."""
    if not signalement.email:
        return
    lieu = signalement.lieu
    notify(
        kind="papi_signalement_traite",
        to=signalement.email,
        key=f"papi_signalement_traite:{signalement.pk}",
        context={
            "lieu": lieu,
            "message": signalement.message,
            "signale_le": signalement.cree_le,
            "lien_fiche": settings.SITE_URL + lieu.get_absolute_url(),
        },
    )
