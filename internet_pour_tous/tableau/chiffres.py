"""Les chiffres du tableau de bord des Gestionnaires, en agrégats SQL et en un petit
nombre fixe de requêtes quelle que soit la taille des données :

1. par secteur : logements enregistrés et abonnements actifs (sous-requêtes comptées),
   d'où les totaux par bailleur et la couverture (actifs ÷ logements) ;
2. les N résidences aux abonnements actifs les plus nombreux (un regroupement) ;
3. par mois : montants facturés et impayés (échéances) ; les 24 derniers mois au
   graphique, leur somme à tous pour les impayés en cours ;
4. les abonnements actifs à suspendre (SEUIL_SUSPENSION mois impayés ou plus, la
   règle de facturation/services.a_suspendre), par les seules échéances impayées ;
5. l'accompagnement demandé, un compte par sorte.

Aucune sous-requête par ligne : le banc (bench/ipt.py, 100 000 abonnements) mesurait
7,8 s avec des sous-requêtes corrélées par résidence et par abonnement."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format

from internet_pour_tous.bailleurs.chiffres import avec_logements_et_actifs, couverture
from internet_pour_tous.models import (
    Abonnement,
    Accompagnement,
    Echeance,
    Logement,
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
    from internet_pour_tous.facturation.services import SEUIL_SUSPENSION

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
    # Requête 2 : un seul regroupement des logements (et de leurs abonnements actifs)
    # par résidence, sans sous-requête par résidence.
    residences = (
        Logement.objects.values("residence", "residence__nom")
        .annotate(
            nb_logements=Count("pk", distinct=True),
            nb_actifs=Count("abonnements", filter=Q(abonnements__statut=Abonnement.Statut.ACTIF)),
        )
        .filter(nb_actifs__gt=0)
        .order_by("-nb_actifs", "residence__nom", "residence")[:RESIDENCES]
    )
    par_residence = [
        Ligne(str(r["residence"]), r["residence__nom"], r["nb_logements"], r["nb_actifs"])
        for r in residences
    ]
    liste_mois = mois_glissants(aujourd_hui)
    # Requête 3 : facturé et impayé de chaque mois (tous : le total des impayés en
    # cours en est la somme ; les 24 derniers pour le graphique).
    montants = {
        ligne["mois"]: ligne
        for ligne in Echeance.objects.order_by()
        .values("mois")
        .annotate(
            facture=Sum("montant"),
            impaye=Sum("montant", filter=Q(statut=Echeance.Statut.IMPAYEE)),
        )
    }
    impaye_total = sum(
        (ligne["impaye"] or Decimal("0") for ligne in montants.values()), Decimal("0")
    )
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
    # Requête 4 : les abonnements actifs proposés à la suspension (la règle de la
    # facturation : SEUIL_SUSPENSION mois impayés ou plus), par les seules échéances
    # impayées regroupées.
    nombre_a_suspendre = (
        Echeance.objects.filter(
            statut=Echeance.Statut.IMPAYEE, abonnement__statut=Abonnement.Statut.ACTIF
        )
        .order_by()
        .values("abonnement")
        .annotate(n=Count("pk"))
        .filter(n__gte=SEUIL_SUSPENSION)
        .count()
    )
    # Requête 5 : l'accompagnement demandé, un compte par sorte. La liste JSON est lue
    # comme texte (la sorte entre guillemets) : `contains` sur un JSONField n'existe
    # pas sous SQLite, le mode embarqué de make run.
    comptes = Abonnement.objects.aggregate(
        **{
            sorte.value: Count("pk", filter=Q(accompagnement__icontains=f'"{sorte.value}"'))
            for sorte in Accompagnement
        }
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
        impaye_total=impaye_total,
        a_suspendre=nombre_a_suspendre,
        accompagnement=accompagnement,
    )
