"""Les données d'exemple d'Internet pour tous : les faits publics (secteurs et années
de déploiement, tarifs), un cycle de vie cohérent (un seul abonnement en cours par
logement, des échéances pour les seuls mois d'activité, au tarif du mois), les comptes
d'exemple rattachés, l'étiquette « exemple », et rien d'ajouté au second passage."""

import io
from datetime import date
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from brest_numerique.comptes import demo as demo_comptes
from internet_pour_tous import demo
from internet_pour_tous.models import (
    Abonnement,
    Bailleur,
    Consultation,
    Echeance,
    HistoriqueAbonnement,
    Logement,
    PeriodeActivite,
    Releve,
    Residence,
    Secteur,
    Tarif,
)
from internet_pour_tous.models.abonnements import EN_COURS

pytestmark = pytest.mark.django_db

ANNEES = {
    "Kerourien": 2009,
    "Keredern": 2012,
    "Valy-Hir": 2013,
    "Quéliverzan": 2014,
    "Bellevue Kerbernier": 2015,
    "Kerangoff": 2018,
    "Bellevue Kergoat": 2019,
    "Pontanezen": 2020,
    "Lambézellec bourg": 2021,
    "Route de Quimper": 2022,
}


def _comptes():
    return {
        "secteurs": Secteur.objects.count(),
        "logements": Logement.objects.count(),
        "abonnements": Abonnement.objects.count(),
        "periodes": PeriodeActivite.objects.count(),
        "historique": HistoriqueAbonnement.objects.count(),
        "echeances": Echeance.objects.count(),
        "releves": Releve.objects.count(),
        "tarifs": Tarif.objects.count(),
    }


def test_les_donnees_d_exemple_sont_coherentes_etiquetees_et_idempotentes():
    demo_comptes.creer_donnees_demo(io.StringIO())
    demo.creer_donnees_demo(io.StringIO())
    premier = _comptes()
    demo.creer_donnees_demo(io.StringIO())
    assert _comptes() == premier

    # Les faits publics : les années de déploiement, les tarifs datés.
    deployes = Secteur.objects.filter(statut="deploye", bailleur__slug="brest-metropole-habitat")
    assert deployes.count() == 15
    annees = dict(deployes.values_list("nom", "deploye_le__year"))
    assert {nom: annees[nom] for nom in ANNEES} == ANNEES
    assert Tarif.objects.get(debut=date(2023, 1, 1)).montant == Decimal("1.24")
    assert list(Tarif.objects.order_by("debut").values_list("montant", flat=True)) == [
        Decimal(m) for m in ("1.00", "1.10", "1.18", "1.19", "1.24")
    ]
    # Deux votes à venir, un refus, chacun avec sa consultation.
    assert Secteur.objects.filter(statut="vote_prevu").count() == 2
    assert (
        Consultation.objects.filter(resultat="a_venir", secteur__statut="vote_prevu").count() == 2
    )
    refuse = Consultation.objects.get(secteur__statut="refuse")
    assert refuse.resultat == "refuse" and refuse.contre > refuse.pour
    assert not Consultation.objects.filter(
        secteur__statut="deploye", resultat="adopte", pour__lte=F("contre")
    ).exists()

    # Volumes annoncés, tous les états représentés.
    assert 7_000 <= premier["logements"] <= 9_000
    assert 4_500 <= premier["abonnements"] <= 6_500
    assert 60_000 <= premier["echeances"] <= 120_000
    etats = dict(Abonnement.objects.values_list("statut").annotate(n=Count("pk")))
    assert set(etats) == {"demande", "actif", "suspendu", "resilie", "refuse"}
    assert Residence.objects.filter(secteur__statut="vote_prevu").exists()

    # Au plus un abonnement en cours par logement ; pas d'abonnement hors déploiement.
    assert not (
        Abonnement.objects.filter(statut__in=EN_COURS)
        .values("logement")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )
    assert not Abonnement.objects.exclude(logement__residence__secteur__statut="deploye").exists()
    # Les périodes suivent l'état : une ouverte pour un actif, aucune pour le reste.
    ouverte = PeriodeActivite.objects.filter(abonnement=OuterRef("pk"), fin=None)
    assert not Abonnement.objects.filter(statut="actif").exclude(Exists(ouverte)).exists()
    assert not Abonnement.objects.exclude(statut="actif").filter(Exists(ouverte)).exists()
    assert not Abonnement.objects.filter(
        statut__in=["demande", "refuse"], periodes__isnull=False
    ).exists()
    sans_histoire = Abonnement.objects.exclude(statut="demande").filter(historique__isnull=True)
    assert not sans_histoire.exists()

    # Une échéance par mois d'activité, aucune en dehors, au tarif du mois.
    contenant = PeriodeActivite.objects.filter(
        Q(fin=None) | Q(fin__gt=OuterRef("mois")),
        abonnement=OuterRef("abonnement"),
        debut__lte=OuterRef("mois"),
    )
    assert not Echeance.objects.exclude(Exists(contenant)).exists()
    assert set(Echeance.objects.values_list("montant", flat=True).distinct()) == {Decimal("1.24")}
    mois = timezone.localdate().replace(day=1)
    actifs_ce_mois = (
        PeriodeActivite.objects.filter(Q(fin=None) | Q(fin__gt=mois), debut__lte=mois)
        .values("abonnement")
        .distinct()
        .count()
    )
    assert Echeance.objects.filter(mois=mois).count() == actifs_ce_mois > 3_000
    assert not Echeance.objects.filter(releve=None).exists()
    assert not Echeance.objects.exclude(
        releve__bailleur=F("abonnement__logement__bailleur")
    ).exists()
    # Des impayés, dont quelques abonnements à au moins trois mois impayés.
    assert Releve.objects.filter(statut="paye_en_partie").exists()
    trois = (
        Echeance.objects.filter(statut="impayee")
        .values("abonnement")
        .annotate(n=Count("pk"))
        .filter(n__gte=3)
    )
    assert trois.count() >= 10
    assert Echeance.objects.filter(mois=mois, statut="due").count() == actifs_ce_mois

    # Étiquetées : tout est d'exemple, sauf le bailleur réel.
    assert not Abonnement.objects.filter(donnees_exemple=False).exists()
    assert not Residence.objects.filter(donnees_exemple=False).exists()
    assert not Secteur.objects.filter(donnees_exemple=False).exists()
    assert not Abonnement.objects.exclude(titulaire__contains="Exemple").exists()
    bmh = Bailleur.objects.get(slug="brest-metropole-habitat")
    assert bmh.nom == "Brest métropole habitat" and not bmh.donnees_exemple
    assert Bailleur.objects.exclude(pk=bmh.pk).get().donnees_exemple

    # Les comptes d'exemple : le bailleur voit BMH ; l'abonnée a un abonnement actif facturé.
    assert list(bmh.comptes.values_list("email", flat=True)) == ["bailleur@exemple.fr"]
    abonnement = Abonnement.objects.get(compte__email="abonnee@exemple.fr")
    assert abonnement.statut == "actif" and abonnement.logement.bailleur == bmh
    assert abonnement.echeances.exists()
    assert EmailAddress.objects.get(email="abonnee@exemple.fr").verified
