"""Les données ouvertes (des agrégats, sans donnée personnelle) et l'anonymisation
des abonnements terminés depuis IPT_ANONYMISATION_ANNEES ans."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from brest_numerique.celery import app
from internet_pour_tous.anonymisation import (
    ADRESSE_ANONYME,
    TITULAIRE_ANONYME,
    abonnements_anonymiser,
)
from internet_pour_tous.models import Abonnement, Echeance, PeriodeActivite
from internet_pour_tous.tableau.donnees_ouvertes import COLONNES
from tests.factories import UserFactory
from tests.internet_pour_tous.bailleurs.donnees import parc
from tests.internet_pour_tous.factories import AbonnementFactory, SecteurFactory

pytestmark = pytest.mark.django_db


def test_les_donnees_ouvertes_par_secteur_et_par_mois(client, django_assert_max_num_queries):
    a = parc("Armor", logements=4, actifs=2)
    # Un abonnement actif du 1er mars au 1er mai de cette année-ci (ou la précédente).
    aujourd_hui = timezone.localdate()
    mars = date(aujourd_hui.year - (1 if aujourd_hui.month < 6 else 0), 3, 1)
    ancien = AbonnementFactory(
        logement=a.actifs[0]
        .logement.residence.logements.exclude(pk__in=[x.logement_id for x in a.actifs])
        .first(),
        statut=Abonnement.Statut.RESILIE,
        titulaire="Personne Secrète",
        debut=mars,
        fin=date(mars.year, 5, 1),
    )
    assert PeriodeActivite.objects.filter(abonnement=ancien).count() == 1
    SecteurFactory(statut="etude", deploye_le=None, nom="Pas encore")
    with django_assert_max_num_queries(3):
        reponse = client.get(reverse("internet_pour_tous:donnees_ouvertes"))
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("text/csv")
    assert reponse.content.startswith("\ufeff".encode())
    texte = reponse.content.decode("utf-8-sig")
    lignes = list(csv.DictReader(io.StringIO(texte), delimiter=";"))
    assert list(lignes[0]) == [c.nom for c in COLONNES]
    assert len(lignes) == 24 and {ligne["nom"] for ligne in lignes} == {"Secteur Armor"}
    par_mois = {ligne["mois"]: ligne for ligne in lignes}
    assert par_mois[f"{mars:%Y-04}"]["abonnements_actifs"] == "1"
    assert par_mois[f"{aujourd_hui:%Y-%m}"]["logements_couverts"] == "4"
    # Le secteur déployé il y a un an : pas couvert avant.
    assert par_mois[min(par_mois)]["logements_couverts"] == "0"
    for secret in ("Personne Secrète", "Titulaire Armor", "@", a.actifs[0].logement.reference):
        assert secret not in texte


def _termine(fin: date, statut=Abonnement.Statut.RESILIE, **champs) -> Abonnement:
    return AbonnementFactory(statut=statut, debut=fin - timedelta(days=200), fin=fin, **champs)


def test_la_presentation_publique_documente_les_donnees_ouvertes_et_leur_licence(client):
    page = client.get(reverse("internet_pour_tous:presentation")).content.decode()

    assert reverse("internet_pour_tous:donnees_ouvertes") in page
    assert "Licence Ouverte / Open Licence 2.0" in page
    for colonne in COLONNES:
        assert f"<code>{colonne.nom}</code>" in page


def test_l_anonymisation_et_ses_limites(settings):
    settings.IPT_ANONYMISATION_ANNEES = 3
    maintenant = timezone.make_aware(datetime(2026, 6, 15, 12))
    limite = date(2023, 6, 15)
    compte = UserFactory()
    vieux = _termine(limite - timedelta(days=1), compte=compte, telephone="06 00 00 00 00")
    Echeance.objects.create(abonnement=vieux, mois=date(2023, 1, 1), montant="2.00")
    au_jour = _termine(limite)
    refuse = _termine(limite - timedelta(days=30), statut=Abonnement.Statut.REFUSE)
    refuse_sans_fin = AbonnementFactory(
        statut=Abonnement.Statut.REFUSE, cree_le=maintenant - timedelta(days=4 * 365)
    )
    actif = AbonnementFactory(actif=True, cree_le=maintenant - timedelta(days=5 * 365))
    assert abonnements_anonymiser(maintenant=maintenant) == 3
    for abonnement in (vieux, refuse, refuse_sans_fin):
        abonnement.refresh_from_db()
        assert abonnement.titulaire == TITULAIRE_ANONYME
        assert abonnement.email == ADRESSE_ANONYME and abonnement.telephone == ""
        assert abonnement.compte is None and abonnement.anonymise_le == maintenant
    # Les montants restent pour la comptabilité.
    assert Echeance.objects.get(abonnement=vieux).montant == 2
    for abonnement in (au_jour, actif):
        abonnement.refresh_from_db()
        assert abonnement.anonymise_le is None and abonnement.titulaire != TITULAIRE_ANONYME
    # Une seconde fois : rien de plus ; un an plus tard, celui du jour limite.
    assert abonnements_anonymiser(maintenant=maintenant) == 0
    assert abonnements_anonymiser(maintenant=maintenant + timedelta(days=1)) == 1


def test_la_tache_est_au_calendrier_de_beat():
    taches = {entree["task"] for entree in app.conf.beat_schedule.values()}
    assert "internet_pour_tous.anonymiser" in taches
    assert "internet_pour_tous.anonymiser" in app.tasks
