"""Travaux sur plusieurs lieux à la fois : créneaux et index de recherche."""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.core.cache import cache
from django.db import connection, transaction
from django.utils.text import slugify

from brest_numerique.cache_anonyme import Version
from papi.copie import lignes_copier
from papi.horaires import creneaux, mentionne_jours_feries
from papi.models import Commune, Creneau, Lieu
from papi.querysets import CONFIG_RECHERCHE

# Change à chaque modification des lieux : clés de cache et ETag des pages publiques.
version_des_lieux = Version("papi:version")


def lieux_modifies() -> None:
    version_des_lieux.changer()


def communes() -> list[Commune]:
    """Les huit communes de la métropole (données de référence, posées par
    migration et en lecture seule dans l'administration) : lues une fois par
    heure, pas à chaque page, puisque même la clé de cache d'une page en dépend."""
    return cache.get_or_set("papi:communes:v1", lambda: list(Commune.objects.all()), 3600)


def creneaux_recalculer(*, lieux: Iterable[Lieu]) -> None:
    """Recalcule les créneaux de ces lieux d'après leurs horaires, en masse."""
    lieux = list(lieux)
    ids = [lieu.pk for lieu in lieux]
    Creneau.objects.filter(lieu_id__in=ids).delete()
    nouveaux, feries = [], []
    # Bien des lieux partagent les mêmes horaires : chaque texte n'est déplié qu'une fois.
    par_horaires: dict[str, list[tuple[int, int, int]]] = {}
    for lieu in lieux:
        if lieu.horaires not in par_horaires:
            par_horaires[lieu.horaires] = creneaux(lieu.horaires)
        liste = par_horaires[lieu.horaires]
        nouveaux.extend((lieu.pk, j, d, f) for j, d, f in liste)
        if mentionne_jours_feries(lieu.horaires):
            feries.append(lieu.pk)
    # COPY : un import de 20 000 lieux donne ~125 000 créneaux (papi/copie.py).
    lignes_copier(modele=Creneau, champs=["lieu_id", "jour", "debut", "fin"], lignes=nouveaux)
    # Ne réécrire que les lignes qui changent : après un import, toutes les autres
    # sont déjà justes, et chaque ligne réécrite l'est aussi dans chaque index.
    sans_feries = set(ids).difference(feries)
    Lieu.objects.filter(pk__in=sans_feries, jours_feries_specifiques=True).update(
        jours_feries_specifiques=False
    )
    Lieu.objects.filter(pk__in=feries, jours_feries_specifiques=False).update(
        jours_feries_specifiques=True
    )


def lieux_indexer(*, ids: Iterable[int] | None = None) -> None:
    """Met à jour le vecteur de recherche plein texte (PostgreSQL seulement)."""
    if connection.vendor != "postgresql":
        return
    vecteur = (
        SearchVector("nom", weight="A", config=CONFIG_RECHERCHE)
        + SearchVector("commune", "adresse", weight="B", config=CONFIG_RECHERCHE)
        + SearchVector(
            "presentation_resume", "presentation_detail", weight="C", config=CONFIG_RECHERCHE
        )
    )
    lieux = Lieu.objects.all() if ids is None else Lieu.objects.filter(pk__in=list(ids))
    lieux.update(recherche=vecteur)


@transaction.atomic
def lieux_apres_enregistrement(*, lieux: Iterable[Lieu]) -> None:
    """À appeler après toute écriture de lieux : créneaux, index, caches."""
    lieux = list(lieux)
    creneaux_recalculer(lieux=lieux)
    lieux_indexer(ids=[lieu.pk for lieu in lieux])
    lieux_modifies()


def slugs_attribuer(*, lieux: list[Lieu], pris: set[str] | None = None) -> None:
    """Donne à chaque lieu sans slug une adresse lisible et unique
    (« mediatheque-de-bellevue-brest », puis « …-2 » en cas d'homonyme).

    `pris` : les slugs déjà en base, quand l'appelant les a lus une fois pour
    toutes (l'import ligne à ligne relirait sinon toute la table à chaque
    ligne) ; l'ensemble est complété au passage."""
    if pris is None:
        pris = set(Lieu.objects.values_list("slug", flat=True))
    pris.update(lieu.slug for lieu in lieux if lieu.slug)
    for lieu in lieux:
        if lieu.slug:
            continue
        base = slugify(f"{lieu.nom} {lieu.commune}")[:110] or "lieu"
        slug, n = base, 1
        while slug in pris:
            n += 1
            slug = f"{base}-{n}"
        lieu.slug = slug
        pris.add(slug)
