"""Les pages de la facturation : réservées aux Gestionnaires, lancement par POST
(tâche en file après validation, exécutée ici dans le processus), progression,
relevés et leurs actions, requêtes SQL constantes."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from internet_pour_tous.facturation import services
from internet_pour_tous.models import Echeance, Facturation, Releve
from tests.internet_pour_tous.factories import LogementFactory, ResidenceFactory
from tests.internet_pour_tous.facturation.conftest import abonne

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mi_mars():
    with time_machine.travel(datetime(2026, 3, 15, 10, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def gestion(client, gestionnaire_ipt):
    client.force_login(gestionnaire_ipt)
    return client


def _factures(nombre: int, tarif) -> Releve:
    residence = ResidenceFactory()
    for n in range(nombre):
        abonne(
            (date(2025, 1, 1), None),
            logement=LogementFactory(residence=residence, reference=f"R-{n:03d}"),
        )
    services.facturer(date(2026, 3, 1))
    return Releve.objects.get()


def test_lancer_un_mois_facture_et_mene_a_la_progression(
    gestion, tarif, django_capture_on_commit_callbacks
):
    abonne((date(2025, 1, 1), None))
    with django_capture_on_commit_callbacks(execute=True):
        reponse = gestion.post(reverse("gestion_ipt:facturation"), {"mois": "2026-02"})
    passage = Facturation.objects.get()
    assert reponse.status_code == 302
    assert reponse.url == reverse("gestion_ipt:facturation_passage", args=[passage.pk])
    assert (passage.statut, passage.creees, passage.mois) == ("terminee", 1, date(2026, 2, 1))
    page = gestion.get(reponse.url).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert '<progress id="progression" max="1" value="1">100\u202f%</progress>' in page
    assert "1 abonnements traités sur 1 (100 %)." in page


def test_un_passage_en_cours_se_rafraichit_sans_javascript(gestion):
    passage = Facturation.objects.create(mois=date(2026, 3, 1), attendues=40, creees=10, deja_la=0)
    page = gestion.get(
        reverse("gestion_ipt:facturation_passage", args=[passage.pk])
    ).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress id="progression" max="40" value="10">25\u202f%</progress>' in page


@pytest.mark.parametrize(
    ("mois", "erreur"),
    [("2026-13", "Ce mois n&#x27;existe pas"), ("mars", "AAAA-MM"), ("2026-05", "mois à venir")],
)
def test_un_mois_faux_est_signale_a_cote_du_champ_et_garde(gestion, tarif, mois, erreur):
    reponse = gestion.post(reverse("gestion_ipt:facturation"), {"mois": mois})
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert erreur in page
    assert f'value="{mois}"' in page
    assert not Facturation.objects.exists()


def test_les_pages_sont_aux_gestionnaires_seulement(client, citoyen, bailleur, tarif):
    releve = _factures(1, tarif)
    adresses = [
        reverse("gestion_ipt:facturation"),
        reverse("gestion_ipt:releves"),
        reverse("gestion_ipt:releve", args=[releve.pk]),
        reverse("gestion_ipt:releve_fichier", args=[releve.pk, "csv"]),
    ]
    assert all(client.get(a).status_code == 302 for a in adresses)
    for compte in (citoyen, bailleur):
        client.force_login(compte)
        assert [client.get(a).status_code for a in adresses] == [403] * 4
        assert client.post(reverse("gestion_ipt:releve_paye", args=[releve.pk])).status_code == 403
    releve.refresh_from_db()
    assert releve.statut == Releve.Statut.PREPARE


def test_la_page_du_releve_en_requetes_constantes(gestion, tarif, django_assert_max_num_queries):
    releve = _factures(60, tarif)
    with django_assert_max_num_queries(10):
        reponse = gestion.get(reverse("gestion_ipt:releve", args=[releve.pk]))
    page = reponse.content.decode()
    assert page.count("R-0") == 60
    assert "66.00\u00a0€" in page or "66,00\u00a0€" in page
    with django_assert_max_num_queries(10):
        assert gestion.get(reverse("gestion_ipt:releves")).status_code == 200
    with django_assert_max_num_queries(10):
        assert gestion.get(reverse("gestion_ipt:facturation")).status_code == 200


def test_fichiers_du_releve_et_format_inconnu(gestion, tarif):
    releve = _factures(2, tarif)
    for format, debut in [("csv", "\ufeff".encode()), ("xlsx", b"PK"), ("pdf", b"%PDF")]:
        reponse = gestion.get(reverse("gestion_ipt:releve_fichier", args=[releve.pk, format]))
        assert reponse.status_code == 200
        assert reponse.content.startswith(debut)
        assert f"releve-{releve.bailleur.slug}-2026-03.{format}" in reponse["Content-Disposition"]
    assert (
        gestion.get(reverse("gestion_ipt:releve_fichier", args=[releve.pk, "exe"])).status_code
        == 404
    )
    assert (
        gestion.get(reverse("gestion_ipt:releve_fichier", args=[99999, "csv"])).status_code == 404
    )


def test_envoye_puis_impayes_importes_depuis_la_page(gestion, tarif):
    releve = _factures(3, tarif)
    assert gestion.post(reverse("gestion_ipt:releve_envoye", args=[releve.pk])).status_code == 302
    adresse = reverse("gestion_ipt:impayes_importer", args=[releve.pk])
    mauvais = SimpleUploadedFile("impayes.csv", b"reference_logement\nR-000\nX-1\n")
    reponse = gestion.post(adresse, {"fichier": mauvais})
    assert reponse.status_code == 400
    assert (
        "Ligne 3\u00a0: le logement « X-1 » n&#x27;est pas dans ce relevé."
        in reponse.content.decode()
    )
    assert not Echeance.objects.exclude(statut="due").exists()
    bon = SimpleUploadedFile("impayes.csv", b"reference_logement\nR-000\n")
    assert gestion.post(adresse, {"fichier": bon}).status_code == 302
    releve.refresh_from_db()
    assert releve.statut == Releve.Statut.PAYE_EN_PARTIE
    assert Echeance.objects.filter(statut="impayee").count() == 1
    # Déjà payé : le second paiement est refusé avec un message, pas une erreur.
    reponse = gestion.post(reverse("gestion_ipt:releve_paye", args=[releve.pk]), follow=True)
    assert "son paiement est enregistré" in reponse.content.decode()
