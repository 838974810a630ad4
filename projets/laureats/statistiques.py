"""Les chiffres publics de l'appel à projets, calculés en SQL (une requête par
découpage) et seulement sur les éditions dont les résultats sont publiés : une
édition en cours de décision ne laisse rien paraître.

- reçus : les dossiers déposés (tout sauf les brouillons) ;
- éligibles : les reçus qui ne sont pas irrecevables ;
- retenus : les dossiers dont la subvention est votée par le conseil ;
- montants : demandés par les dossiers reçus, accordés aux retenus.

Par thème et par commune, un dossier compte dans chacun de ses thèmes et chacune
de ses communes : les lignes ne s'additionnent pas."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from projets.models import AppelAProjets, Dossier, TypeStructure

ZERO = Decimal("0")


@dataclass(frozen=True)
class Ligne:
    cle: str
    libelle: str
    recus: int
    eligibles: int
    retenus: int
    demande: Decimal
    accorde: Decimal


@dataclass(frozen=True)
class Chiffres:
    par_edition: list[Ligne]
    total: Ligne
    par_theme: list[Ligne]
    par_commune: list[Ligne]
    par_type: list[Ligne]


def editions_publiees(maintenant: datetime | None = None) -> QuerySet:
    """Les éditions dont les résultats sont publiés, de la plus récente à la plus ancienne."""
    return AppelAProjets.objects.filter(
        resultats_publies_le__lte=maintenant or timezone.now()
    ).order_by("-annee")


def _mesures() -> dict:
    montant = DecimalField(max_digits=14, decimal_places=2)
    return {
        "recus": Count("pk", distinct=True),
        "eligibles": Count("pk", distinct=True, filter=~Q(statut=Dossier.Statut.IRRECEVABLE)),
        "retenus": Count("pk", distinct=True, filter=Q(statut=Dossier.Statut.VOTE)),
        "demande": Coalesce(Sum("montant_demande"), Value(ZERO), output_field=montant),
        "accorde": Coalesce(
            Sum("decision__montant_accorde", filter=Q(statut=Dossier.Statut.VOTE)),
            Value(ZERO),
            output_field=montant,
        ),
    }


def _ligne(cle, libelle, valeurs: dict) -> Ligne:
    return Ligne(
        cle=str(cle),
        libelle=str(libelle),
        recus=valeurs["recus"],
        eligibles=valeurs["eligibles"],
        retenus=valeurs["retenus"],
        demande=valeurs["demande"],
        accorde=valeurs["accorde"],
    )


def _par(dossiers: QuerySet, *champs: str) -> list[dict]:
    return list(dossiers.values(*champs).annotate(**_mesures()).order_by(*champs))


def chiffres(editions) -> Chiffres:
    """Les chiffres des `editions` (une liste d'éditions aux résultats publiés) : par
    édition et au total, puis par thème, par commune et par type de structure sur
    l'ensemble de ces éditions. Quatre requêtes, quel que soit le nombre de dossiers."""
    editions = list(editions)
    dossiers = Dossier.objects.filter(edition__in=editions).exclude(statut=Dossier.Statut.BROUILLON)
    annees = {e.pk: e for e in editions}
    lus = {v["edition_id"]: v for v in _par(dossiers, "edition_id")}
    vide = {"recus": 0, "eligibles": 0, "retenus": 0, "demande": ZERO, "accorde": ZERO}
    par_edition = [
        _ligne(e.annee, e.annee, lus.get(e.pk, vide))
        for e in sorted(annees.values(), key=lambda e: e.annee)
    ]
    total = _ligne(
        "total",
        _("Toutes les éditions"),
        {cle: sum(getattr(ligne, cle) for ligne in par_edition) for cle in vide}
        if par_edition
        else vide,
    )
    par_theme = [
        _ligne(v["themes__slug"] or "sans-theme", v["themes__libelle"] or _("Sans thème"), v)
        for v in _par(dossiers, "themes__libelle", "themes__slug")
    ]
    par_commune = [
        _ligne(
            v["communes__code_insee"] or "non-precisee",
            v["communes__nom"] or _("Commune non précisée"),
            v,
        )
        for v in _par(dossiers, "communes__nom", "communes__code_insee")
    ]
    libelles = dict(TypeStructure.choices)
    par_type = [
        _ligne(v["structure__type"], libelles.get(v["structure__type"], v["structure__type"]), v)
        for v in _par(dossiers, "structure__type")
    ]
    return Chiffres(par_edition, total, par_theme, par_commune, par_type)
