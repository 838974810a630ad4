"""L'écriture des lieux et de ce qui en dérive.

`lieux_enregistrer` est le seul chemin d'écriture du contenu d'un lieu : la
fiche de l'administration, son import (django-import-export), la commande
importer_lieux, les données de démonstration et la fabrique des tests y passent
tous. Il écrit en masse (COPY, brest_numerique/copie.py) et tient à jour, dans
la même transaction, tout ce qui se déduit d'un lieu : slug, créneaux,
`jours_feries_specifiques` et version des caches. Le vecteur de recherche, lui,
est calculé par PostgreSQL à chaque écriture (migration papi 0011).
Publier, dépublier et supprimer ne touchent qu'à la version : `lieux_publier`
et `lieux_supprimer`.

`lieu_signaler` enregistre un « Signaler une erreur » et prévient l'équipe.
"""

from collections.abc import Callable, Iterable
from itertools import chain
from operator import attrgetter

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from brest_numerique.cache_anonyme import MemoireLocale
from brest_numerique.copie import (
    cles_etrangeres_verifiees_d_un_bloc,
    lignes_copier,
    lignes_mettre_a_jour,
)
from brest_numerique.notifications.services import notify
from papi.fields import ListeField
from papi.horaires import creneaux, mentionne_jours_feries
from papi.models import Commune, Creneau, Lieu, SignalementLieu

# Change à chaque modification des lieux : clés de cache et ETag des pages publiques.
version_des_lieux = Lieu.version_publique


def lieux_modifies() -> None:
    version_des_lieux.changer()


# Chaque processus garde aussi les communes qu'il a lues : un aller-retour Redis de
# moins sur chaque page de l'annuaire qui sort du cache des pages.
COMMUNES = MemoireLocale(duree=3600, taille=1)


def communes() -> list[Commune]:
    """Les huit communes de la métropole (données de référence, posées par
    migration et en lecture seule dans l'administration) : lues une fois par
    heure, pas à chaque page, puisque même la clé de cache d'une page en dépend.
    Partagées par les requêtes d'un processus : à lire, pas à modifier."""
    gardees = COMMUNES.lire("communes")
    if gardees is None:
        gardees = cache.get_or_set("papi:communes:v1", lambda: list(Commune.objects.all()), 3600)
        COMMUNES.garder("communes", gardees)
    return gardees


# Au-delà, les clés étrangères des créneaux se vérifient d'un bloc (copie.py).
CRENEAUX_VERIFIES_D_UN_BLOC_DES = 1000


def _creneaux_ecrire(lieux: list[Lieu]) -> None:
    """Écrit les créneaux de ces lieux d'après leurs horaires, en masse ; les
    anciens doivent être déjà effacés. Ils se calculent au fil du COPY : Python
    déplie les horaires pendant que PostgreSQL range les créneaux précédents."""
    # Bien des lieux partagent les mêmes horaires : chaque texte n'est déplié qu'une fois.
    par_horaires: dict[str, list[tuple[int, int, int]]] = {}

    def lignes():
        for lieu in lieux:
            if lieu.horaires not in par_horaires:
                par_horaires[lieu.horaires] = creneaux(lieu.horaires)
            for jour, debut, fin in par_horaires[lieu.horaires]:
                yield lieu.pk, jour, debut, fin

    # COPY : un import de 20 000 lieux donne ~140 000 créneaux (brest_numerique/copie.py).
    with cles_etrangeres_verifiees_d_un_bloc(
        Creneau, si=len(lieux) >= CRENEAUX_VERIFIES_D_UN_BLOC_DES
    ):
        lignes_copier(modele=Creneau, champs=["lieu_id", "jour", "debut", "fin"], lignes=lignes())


def _slug_libre(lieu: Lieu, pris: set[str]) -> str:
    """Une adresse lisible et libre pour ce lieu (« mediatheque-de-bellevue-brest »,
    puis « …-2 » en cas d'homonyme), qui rejoint les slugs pris."""
    base = slugify(f"{lieu.nom} {lieu.commune}")[:110] or "lieu"
    slug, n = base, 1
    while slug in pris:
        n += 1
        slug = f"{base}-{n}"
    pris.add(slug)
    return slug


# Ni la clé, tirée de la séquence par la base, ni ce que calculent ses déclencheurs.
_NON_ECRITS = {"id", *Lieu.CALCULES_PAR_LA_BASE}


def _champs_ecrits(noms: Iterable[str] | None = None) -> list[models.Field]:
    if noms is None:
        return [f for f in Lieu._meta.concrete_fields if f.name not in _NON_ECRITS]
    # Toujours écrits : ce que lieux_enregistrer pose lui-même.
    noms = set(noms) | {"slug", "modifie_le", "publie_le", "jours_feries_specifiques"}
    return [f for f in Lieu._meta.concrete_fields if f.name in noms - _NON_ECRITS]


def _pour_la_base(champs: list[models.Field]) -> Callable[[Lieu], list]:
    """Les valeurs de ces champs d'un lieu, prêtes pour la base. Seuls les
    ListeField ont besoin de leur conversion (« |a|b| ») ; les autres valeurs
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


def _inserer(lieux: Iterable[Lieu]) -> list[Lieu]:
    """Insère ces lieux neufs, lus au fil du COPY ; les renvoie, avec leur clé."""
    champs = _champs_ecrits()
    valeurs = _pour_la_base(champs)
    inseres: list[Lieu] = []

    def lignes():
        for lieu in lieux:
            inseres.append(lieu)
            yield valeurs(lieu)

    lignes_copier(modele=Lieu, champs=[f.attname for f in champs], lignes=lignes())
    # COPY ne rend pas les clés qu'il écrit : elles se relisent par l'identifiant,
    # unique, en une requête.
    cles = dict(
        Lieu.objects.filter(identifiant__parmi=[lieu.identifiant for lieu in inseres]).values_list(
            "identifiant", "pk"
        )
    )
    for lieu in inseres:
        lieu.pk = cles[lieu.identifiant]
        lieu._state.adding = False
        lieu._state.db = connection.alias
    return inseres


def _mettre_a_jour(lieux: list[Lieu], champs: Iterable[str] | None) -> None:
    ecrits = _champs_ecrits(champs)
    valeurs = _pour_la_base(ecrits)
    lignes_mettre_a_jour(
        modele=Lieu,
        champs=[f.attname for f in ecrits],
        lignes=([lieu.pk, *valeurs(lieu)] for lieu in lieux),
    )


@transaction.atomic
def lieux_enregistrer(*, lieux: Iterable[Lieu], champs: Iterable[str] | None = None) -> None:
    """Écrit ces lieux, neufs (sans clé) ou existants, et tout ce qui en dérive.

    Les valeurs doivent être déjà validées (formulaire, valider_ligne) : rien
    n'est revérifié ici. `champs` : pour les lieux existants, les seuls champs à
    réécrire (un import ne touche qu'aux colonnes de son fichier) ; par défaut,
    tous. Tout se fait en quelques requêtes quel que soit le nombre de lieux, si
    bien qu'un import de 20 000 lieux et la fiche d'un seul prennent le même
    chemin. La version des caches change après validation de la transaction.

    Les lieux sont lus en un seul passage, pendant le COPY des neufs : un
    itérateur qui valide ses lignes à mesure (papi.importation) travaille
    pendant que PostgreSQL range les précédentes et calcule leur vecteur de
    recherche. Un lieu sans slug en reçoit un à son tour.
    """
    lieux = iter(lieux)
    premier = next(lieux, None)
    if premier is None:
        return
    maintenant = timezone.now()
    # Lus avant le COPY, pendant lequel la connexion ne sert à rien d'autre.
    pris = set(Lieu.objects.values_list("slug", flat=True))
    existants: list[Lieu] = []

    def neufs():
        for lieu in chain([premier], lieux):
            # Écrit hors de save() : auto_now ne joue pas, la date se pose ici.
            lieu.modifie_le = maintenant
            if lieu.publie and lieu.publie_le is None:
                lieu.publie_le = maintenant
            lieu.jours_feries_specifiques = mentionne_jours_feries(lieu.horaires)
            if lieu.slug:
                pris.add(lieu.slug)
            else:
                lieu.slug = _slug_libre(lieu, pris)
            if lieu.pk is None:
                yield lieu
            else:
                existants.append(lieu)

    ecrits = _inserer(neufs())
    if existants:
        _mettre_a_jour(existants, champs)
        Creneau.objects.filter(lieu_id__parmi=[lieu.pk for lieu in existants]).delete()
    _creneaux_ecrire(ecrits + existants)
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
