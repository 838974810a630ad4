"""Les chiffres du tableau de bord des Gestionnaires, en agrégats SQL et en un petit
nombre fixe de requêtes quelle que soit la taille des données :

1. par secteur : logements enregistrés et abonnements actifs (sous-requêtes comptées),
   d'où les totaux par bailleur et la couverture (actifs ÷ logements) ;
2. les N résidences aux abonnements actifs les plus nombreux ;
3. par mois, sur les 24 derniers : montants facturés et montants impayés (échéances) ;
4. en une requête sur les abonnements : les impayés en cours (montant total et
   abonnements à suspendre, par les sous-requêtes de la facturation) et
   l'accompagnement demandé, un compte par sorte."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format

from internet_pour_tous.bailleurs.chiffres import avec_logements_et_actifs, compte, couverture
from internet_pour_tous.models import (
    Abonnement,
    Accompagnement,
    Echeance,
    Logement,
    Residence,
    Secteur,
)

MOIS = 24
RESIDENCES = 10


@dataclass
class Ligne:
    """Une ligne d'un tableau (et d'un graphique : brest_numerique/graphiques.py)."""

    cle: str
    libelle: str
    logements: int = 0
    actifs: int = 0
    facture: Decimal = Decimal("0")
    impaye: Decimal = Decimal("0")
    demandes: int = 0

    @property
    def couverture(self) -> float | None:
        return couverture(self.actifs, self.logements)


@dataclass(frozen=True)
class Chiffres:
    par_secteur: list[Ligne]
    par_bailleur: list[Ligne]
    par_residence: list[Ligne]
    par_mois: list[Ligne]
    total: Ligne
    impaye_total: Decimal
    a_suspendre: int
    accompagnement: list[Ligne]


def mois_glissants(aujourd_hui: date, nombre: int = MOIS) -> list[date]:
    """Les `nombre` premiers du mois jusqu'à celui d'aujourd'hui, du plus ancien au
    plus récent."""
    annee, mois = aujourd_hui.year, aujourd_hui.month
    liste = []
    for _ in range(nombre):
        liste.append(date(annee, mois, 1))
        annee, mois = (annee, mois - 1) if mois > 1 else (annee - 1, 12)
    return liste[::-1]


def chiffres(aujourd_hui: date | None = None) -> Chiffres:
    from internet_pour_tous.facturation.services import (
        SEUIL_SUSPENSION,
        impayes_par_abonnement,
    )

    aujourd_hui = aujourd_hui or timezone.localdate()
    secteurs = avec_logements_et_actifs(Secteur.objects.select_related("bailleur")).order_by(
        "nom", "pk"
    )
    par_secteur, bailleurs = [], {}
    for s in secteurs:  # requête 1
        par_secteur.append(Ligne(s.slug, s.nom, s.nb_logements, s.nb_actifs))
        b = bailleurs.setdefault(s.bailleur_id, Ligne(s.bailleur.slug, s.bailleur.nom))
        b.logements += s.nb_logements
        b.actifs += s.nb_actifs
    total = Ligne(
        "total",
        "Total",
        sum(ligne.logements for ligne in par_secteur),
        sum(ligne.actifs for ligne in par_secteur),
    )
    residences = (  # requête 2
        Residence.objects.annotate(
            nb_actifs=Count(
                "logements__abonnements",
                filter=Q(logements__abonnements__statut=Abonnement.Statut.ACTIF),
            ),
            logements_enregistres=compte(
                Logement.objects.filter(residence=OuterRef("pk")),
                "residence",
            ),
        )
        .filter(nb_actifs__gt=0)
        .order_by("-nb_actifs", "nom", "pk")
        .values("pk", "nom", "nb_actifs", "logements_enregistres")[:RESIDENCES]
    )
    par_residence = [
        Ligne(str(r["pk"]), r["nom"], r["logements_enregistres"], r["nb_actifs"])
        for r in residences
    ]
    liste_mois = mois_glissants(aujourd_hui)
    montants = {  # requête 3
        ligne["mois"]: ligne
        for ligne in Echeance.objects.filter(mois__gte=liste_mois[0], mois__lte=liste_mois[-1])
        .order_by()
        .values("mois")
        .annotate(
            facture=Sum("montant"),
            impaye=Sum("montant", filter=Q(statut=Echeance.Statut.IMPAYEE)),
        )
    }
    par_mois = []
    for mois in liste_mois:
        ligne = montants.get(mois, {})
        par_mois.append(
            Ligne(
                mois.isoformat(),
                date_format(mois, "F Y"),
                facture=ligne.get("facture") or Decimal("0"),
                impaye=ligne.get("impaye") or Decimal("0"),
            )
        )
    # Requête 4 : l'accompagnement demandé et les impayés par abonnement (sous-requêtes
    # de la facturation), additionnés en une fois.
    comptes = impayes_par_abonnement(Abonnement.objects.all()).aggregate(
        impaye_total=Sum("montant_impaye"),
        a_suspendre=Count(
            "pk",
            filter=Q(statut=Abonnement.Statut.ACTIF, mois_impayes__gte=SEUIL_SUSPENSION),
        ),
        **{
            sorte.value: Count("pk", filter=Q(accompagnement__contains=[sorte.value]))
            for sorte in Accompagnement
        },
    )
    accompagnement = [
        Ligne(sorte.value, str(sorte.label), demandes=comptes[sorte.value])
        for sorte in Accompagnement
    ]
    return Chiffres(
        par_secteur=par_secteur,
        par_bailleur=sorted(bailleurs.values(), key=lambda ligne: ligne.libelle),
        par_residence=par_residence,
        par_mois=par_mois,
        total=total,
        impaye_total=comptes["impaye_total"] or Decimal("0"),
        a_suspendre=comptes["a_suspendre"],
        accompagnement=accompagnement,
    )
