"""Outils communs des tests de l'instruction (test_instruction*.py) : les
fixtures de l'édition instruite, des raccourcis d'adresses et des dossiers écrits
en masse pour compter les requêtes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from papi.models import Commune
from projets.models import Dossier, LigneBudget
from tests.projets.factories import EditionFactory, StructureFactory

Statut = Dossier.Statut

# Les actions POST sur un dossier : (nom d'URL, données valides).
ACTIONS_DOSSIER = [
    ("instruction:ouvrir_instruction", {}),
    ("instruction:declarer_pret", {}),
    ("instruction:declarer_irrecevable", {"motif": "Hors de la métropole."}),
    ("instruction:marquer_a_suivre", {"a_suivre": "on"}),
    ("instruction:attribuer", {"instructeur": "aucun"}),
    ("instruction:annoter", {"texte": "Appeler la présidente."}),
]


@pytest.fixture
def edition(instructeur):
    edition = EditionFactory()
    edition.instructeurs.add(instructeur)
    return edition


@pytest.fixture
def client_instructeur(client, instructeur):
    client.force_login(instructeur)
    return client


def page_de(client, nom, *args, **params):
    return client.get(reverse(nom, args=args), params)


def dossier_url(dossier, nom="instruction:dossier"):
    return reverse(nom, args=[dossier.pk])


def messages_de(reponse) -> list[str]:
    return [str(m) for m in reponse.context["messages"]] if reponse.context else []


def commune(code, nom):
    trouvee, _ = Commune.objects.get_or_create(
        code_insee=code,
        defaults={"nom": nom, "code_postal": "29280", "latitude": 48.38, "longitude": -4.62},
    )
    return trouvee


def dossiers_en_masse(edition, nombre, *, lignes=3):
    """`nombre` dossiers déposés, écrits en masse (les transitions sont testées
    ailleurs : ici on mesure la lecture)."""
    theme = edition.themes.first()
    structures = StructureFactory.create_batch(5)
    etats = [Statut.DEPOSE, Statut.EN_INSTRUCTION, Statut.A_COMPLETER, Statut.PRET_POUR_JURY]
    depart = edition.dernier_rang
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            edition=edition,
            structure=structures[rang % 5],
            titre=f"Projet en masse {rang}",
            resume="Résumé.",
            description="Description.",
            statut=etats[rang % 4],
            rang=depart + rang + 1,
            numero=f"AAP-{edition.annee}-{depart + rang + 1:04d}",
            depose_le=timezone.now(),
        )
        for rang in range(nombre)
    )
    Dossier.themes.through.objects.bulk_create(
        Dossier.themes.through(dossier_id=d.pk, theme_id=theme.pk) for d in dossiers
    )
    LigneBudget.objects.bulk_create(
        LigneBudget(dossier=d, nature="depense", libelle=f"Poste {n}", montant=100)
        for d in dossiers
        for n in range(lignes)
    )
    edition.dernier_rang = depart + nombre
    edition.save(update_fields=["dernier_rang"])
    return dossiers
