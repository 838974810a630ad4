"""Fabriques d'Internet pour tous : un bailleur, un secteur déployé (par défaut),
une résidence de Brest et ses logements, un tarif, un abonnement demandé — ou
actif avec sa période d'activité ouverte (`actif=True`)."""

import unicodedata
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from internet_pour_tous.models import (
    Abonnement,
    Bailleur,
    Consultation,
    Logement,
    PeriodeActivite,
    Residence,
    Secteur,
    Tarif,
)
from tests.projets.factories import brest


def normaliser(texte: str) -> str:
    """L'adresse de recherche : celle d'eligibilite.adresse_normalisee() si elle
    existe, sinon sans accents ni majuscules."""
    try:
        from internet_pour_tous.eligibilite import adresse_normalisee
    except ImportError:
        sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
        return " ".join(sans_accents.lower().split())
    return adresse_normalisee(texte)


class BailleurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bailleur

    nom = factory.Sequence(lambda n: f"Habitat brestois {n}")
    slug = factory.Sequence(lambda n: f"habitat-brestois-{n}")
    email = factory.Sequence(lambda n: f"charges{n}@bailleur.exemple.fr")


class SecteurFactory(factory.django.DjangoModelFactory):
    """Déployé depuis un an ; `statut=...` et `deploye_le=None` pour un autre état."""

    class Meta:
        model = Secteur

    bailleur = factory.SubFactory(BailleurFactory)
    nom = factory.Sequence(lambda n: f"Secteur {n}")
    slug = factory.Sequence(lambda n: f"secteur-{n}")
    commune = factory.LazyFunction(brest)
    statut = Secteur.Statut.DEPLOYE
    deploye_le = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    latitude = 48.39
    longitude = -4.49


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    secteur = factory.SubFactory(SecteurFactory)
    ouverture = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=400))
    cloture = factory.LazyAttribute(lambda c: c.ouverture + timedelta(days=14))
    inscrits = 200
    pour = 120
    contre = 40
    resultat = Consultation.Resultat.ADOPTE


class ResidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Residence

    secteur = factory.SubFactory(SecteurFactory)
    nom = factory.Sequence(lambda n: f"Résidence des Capucins {n}")
    adresse = factory.Sequence(lambda n: f"{n + 1} rue de l'Élorn")
    code_postal = "29200"
    commune = factory.LazyFunction(brest)
    latitude = 48.39
    longitude = -4.49
    nb_logements = 40
    adresse_recherche = factory.LazyAttribute(lambda r: normaliser(r.adresse))


class LogementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Logement

    residence = factory.SubFactory(ResidenceFactory)
    bailleur = factory.LazyAttribute(lambda log: log.residence.secteur.bailleur)
    reference = factory.Sequence(lambda n: f"LGT-{n:05d}")
    escalier = "A"
    etage = "2"
    porte = factory.Sequence(lambda n: str(n % 40 + 1))


class TarifFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tarif
        django_get_or_create = ("debut",)

    montant = Decimal("2.00")
    debut = date(2020, 1, 1)


class AbonnementFactory(factory.django.DjangoModelFactory):
    """Demandé ; `actif=True` : actif depuis `debut` (un mois avant aujourd'hui par
    défaut), avec sa période d'activité ouverte."""

    class Meta:
        model = Abonnement
        skip_postgeneration_save = True

    class Params:
        actif = factory.Trait(
            statut=Abonnement.Statut.ACTIF,
            debut=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30)),
        )

    logement = factory.SubFactory(LogementFactory)
    titulaire = factory.Faker("name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"foyer{n}@exemple.fr")
    telephone = "02 98 00 00 00"
    accompagnement = factory.LazyFunction(list)
    consentement_le = factory.LazyFunction(timezone.now)
    statut = Abonnement.Statut.DEMANDE

    @factory.post_generation
    def periode(self, create, extracted, **kwargs):
        """La période ouverte d'un abonnement actif (ou suspendu, fermée à `fin`)."""
        if not create or self.debut is None:
            return
        if self.statut == Abonnement.Statut.ACTIF:
            PeriodeActivite.objects.create(abonnement=self, debut=self.debut)
        elif self.fin is not None and self.fin > self.debut:
            PeriodeActivite.objects.create(abonnement=self, debut=self.debut, fin=self.fin)
