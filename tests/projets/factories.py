"""Fabriques de l'appel à projets : une édition ouverte aujourd'hui, une
association de Brest et son membre, un dossier au budget équilibré."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from papi.models import Commune
from projets.models import (
    AppelAProjets,
    CritereNotation,
    Dossier,
    LigneBudget,
    Membre,
    Structure,
    Theme,
    TypeStructure,
)
from tests.factories import UserFactory


def brest() -> Commune:
    # Chargée par migration, mais vidée par les tests transactionnels.
    commune, _ = Commune.objects.get_or_create(
        code_insee="29019",
        defaults={"nom": "Brest", "code_postal": "29200", "latitude": 48.39, "longitude": -4.49},
    )
    return commune


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    libelle = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class EditionFactory(factory.django.DjangoModelFactory):
    """Ouverte depuis dix jours, close dans vingt (23:59:59 à Paris)."""

    class Meta:
        model = AppelAProjets
        skip_postgeneration_save = True

    # Dans les bornes du modèle (2000-2100) quel que soit le nombre de tests.
    annee = factory.Sequence(lambda n: 2026 + n % 70)
    titre = factory.LazyAttribute(lambda e: f"Appel à projets multimédias {e.annee}")
    presentation = "Des projets qui rapprochent les habitants du numérique."
    eligibilite = "Associations, structures publiques et groupes d'habitants de la métropole."
    ouverture = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    cloture = factory.LazyFunction(
        lambda: timezone.localtime(timezone.now() + timedelta(days=20)).replace(
            hour=23, minute=59, second=59, microsecond=0
        )
    )
    deliberation_le = factory.LazyAttribute(
        lambda e: timezone.localdate(e.cloture) + timedelta(days=30)
    )
    resultats_le = factory.LazyAttribute(lambda e: e.deliberation_le + timedelta(days=30))
    enveloppe = Decimal("60000")
    montant_max = Decimal("3000")
    part_max = Decimal("70")

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted or [ThemeFactory(libelle="Lien social", slug="lien-social")])

    @factory.post_generation
    def criteres(self, create, extracted, **kwargs):
        if create and extracted is not False:
            CritereNotation.objects.bulk_create(
                [
                    CritereNotation(edition=self, libelle="Intérêt pour les habitants", poids=3),
                    CritereNotation(edition=self, libelle="Faisabilité", poids=2, ordre=1),
                ]
            )


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    type = TypeStructure.ASSOCIATION
    nom = factory.Sequence(lambda n: f"Association numérique {n}")
    rna = factory.Sequence(lambda n: f"W29{n:07d}")
    adresse = factory.Sequence(lambda n: f"{n} rue Jean Jaurès")
    code_postal = "29200"
    commune = factory.LazyFunction(brest)
    contact_nom = "Katell Le Goff"
    contact_email = factory.Sequence(lambda n: f"contact{n}@asso.exemple.fr")


class MembreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membre

    structure = factory.SubFactory(StructureFactory)
    user = factory.SubFactory(UserFactory)


def candidat(structure=None):
    """Un compte vérifié, membre d'une structure (neuve si non donnée)."""
    return MembreFactory(structure=structure or StructureFactory()).user


class DossierFactory(factory.django.DjangoModelFactory):
    """Un brouillon complet : 4 000 € de dépenses, 1 500 € demandés (37,5 %)."""

    class Meta:
        model = Dossier
        skip_postgeneration_save = True

    edition = factory.SubFactory(EditionFactory)
    structure = factory.SubFactory(StructureFactory)
    titre = factory.Sequence(lambda n: f"Ateliers vidéo du quartier {n}")
    resume = "Des ateliers de tournage et de montage pour les jeunes du quartier."
    description = "Dix séances le mercredi, encadrées par une réalisatrice."
    publics = factory.LazyFunction(lambda: ["jeunes"])
    montant_demande = Decimal("1500")

    @factory.post_generation
    def budget(self, create, extracted, **kwargs):
        if create and extracted is not False:
            LigneBudget.objects.bulk_create(
                [
                    LigneBudget(
                        dossier=self, nature="depense", libelle="Intervenante", montant=3000
                    ),
                    LigneBudget(dossier=self, nature="depense", libelle="Matériel", montant=1000),
                    LigneBudget(
                        dossier=self, nature="recette", libelle="Fonds propres", montant=2500
                    ),
                ]
            )


def dossier_depose(**champs) -> Dossier:
    """Un dossier déposé par un membre de sa structure."""
    dossier = DossierFactory(**champs)
    membre = candidat(dossier.structure)
    dossier.deposer(par=membre)
    dossier.refresh_from_db()
    return dossier


def arguments_des_adresses() -> dict:
    """Les paramètres des adresses de l'appel à projets, pour le tableau des droits
    (tests/portail/test_adresses_par_role.py) : une édition ouverte et un dossier
    déposé dont aucun profil du tableau n'est membre ni instructeur."""
    dossier = dossier_depose()
    from django.core.files.base import ContentFile

    from projets.pieces.services import pieces_ajouter
    from tests.projets.fichiers_exemples import pdf

    (piece,) = pieces_ajouter(dossier, [ContentFile(pdf(), name="piece.pdf")], None)
    return {
        "annee": dossier.edition.annee,
        "dossier": dossier.pk,
        "structure": dossier.structure_id,
        # Une pièce jointe du dossier (projets/pieces).
        "piece": piece.pk,
        # Exports de l'édition (projets/exports) : un format connu.
        "format": "csv",
    }
