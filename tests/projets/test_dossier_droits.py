"""Le dossier côté candidat : droits sur chaque adresse et nombre de requêtes de sa page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projets.models import Dossier, LigneBudget
from tests.papi.factories import LieuFactory
from tests.projets.factories import (
    DossierFactory,
    candidat,
    dossier_depose,
)
from tests.projets.test_formulaire_dossier import action, connecte, page, saisie

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier():
    return DossierFactory()


Statut = Dossier.Statut


# --- Droits ----------------------------------------------------------------------------


ADRESSES = ["", "deposer/", "completer/", "retirer/", "supprimer/"]


@pytest.mark.parametrize("methode", ["get", "post"])
def test_un_membre_d_une_autre_structure_recoit_404_partout(dossier, methode):
    intrus = connecte(candidat())
    for suffixe in ADRESSES:
        reponse = getattr(intrus, methode)(page(dossier) + suffixe, saisie(dossier, titre="Pirate"))
        # Un GET sur une action ramène à la page du dossier, qui répond 404 à l'intrus.
        attendu = 302 if methode == "get" and suffixe in ("deposer/", "completer/") else 404
        assert reponse.status_code == attendu, suffixe
    dossier.refresh_from_db()
    assert (dossier.titre, dossier.statut) != ("Pirate", Statut.DEPOSE)
    assert Dossier.objects.filter(pk=dossier.pk, statut=Statut.BROUILLON).exists()


def test_un_anonyme_est_envoye_se_connecter(dossier, client):
    for suffixe in ["", "retirer/", "supprimer/"]:
        reponse = client.get(page(dossier) + suffixe)
        assert reponse.status_code == 302
        assert reponse["Location"].startswith(reverse("account_login"))
    assert client.post(action("deposer", dossier)).status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).statut == Statut.BROUILLON


TROP_GRAND = "9" * 25


@pytest.mark.parametrize(
    ("methode", "chemin"),
    [
        ("get", f"/appels-a-projets/dossiers/{TROP_GRAND}/"),
        ("post", f"/appels-a-projets/dossiers/{TROP_GRAND}/deposer/"),
        ("post", f"/appels-a-projets/dossiers/{TROP_GRAND}/completer/"),
        ("get", f"/appels-a-projets/dossiers/{TROP_GRAND}/retirer/"),
        ("post", f"/appels-a-projets/dossiers/{TROP_GRAND}/supprimer/"),
        ("get", f"/appels-a-projets/dossiers/nouveau/{TROP_GRAND}/"),
    ],
)
def test_un_numero_demesure_donne_404_jamais_500(methode, chemin):
    client = Client(raise_request_exception=False)
    client.force_login(candidat())
    assert getattr(client, methode)(chemin).status_code == 404


def test_un_instructeur_ne_voit_pas_la_page_candidat(dossier, instructeur):
    dossier.edition.instructeurs.add(instructeur)
    assert connecte(instructeur).get(page(dossier)).status_code == 404


# --- Nombre de requêtes ------------------------------------------------------------------


def _requetes(client, adresse) -> int:
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(adresse).status_code == 200
    return len(requetes)


@pytest.mark.parametrize("fabrique", [DossierFactory, dossier_depose])
def test_la_page_du_dossier_fait_autant_de_requetes_quel_que_soit_le_budget(
    fabrique, django_assert_max_num_queries
):
    petit, grand = fabrique(), fabrique()
    LigneBudget.objects.bulk_create(
        LigneBudget(dossier=grand, nature=nature, libelle=f"Ligne {n}", montant=10)
        for n in range(150)
        for nature in ("depense", "recette")
    )
    LieuFactory.create_batch(5)
    client_petit = connecte(candidat(petit.structure))
    client_grand = connecte(candidat(grand.structure))
    _requetes(client_petit, page(petit))  # sessions et caches chauds

    assert _requetes(client_grand, page(grand)) == _requetes(client_petit, page(petit))
    with django_assert_max_num_queries(13):
        client_grand.get(page(grand))
