"""L'espace de l'abonné : ses abonnements seulement, attestation, PDF, ses données."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from internet_pour_tous.models import Echeance
from tests.factories import UserFactory
from tests.internet_pour_tous.factories import AbonnementFactory, TarifFactory

pytestmark = pytest.mark.django_db
ESPACE = reverse("internet_pour_tous:espace")


@pytest.fixture
def abonne():
    return UserFactory(email="nolwenn@exemple.fr")


def _abonnement(email="nolwenn@exemple.fr", **kwargs):
    abonnement = AbonnementFactory(actif=True, email=email, titulaire="Nolwenn Kerboul", **kwargs)
    for mois in (date(2026, 9, 1), date(2026, 10, 1)):
        Echeance.objects.create(abonnement=abonnement, mois=mois, montant=Decimal("1.24"))
    return abonnement


def test_l_espace_rattache_les_abonnements_a_l_adresse_verifiee(client, abonne):
    TarifFactory(montant=Decimal("1.24"))
    mien = _abonnement()
    autre = _abonnement(email="voisin@exemple.fr")
    client.force_login(abonne)
    page = client.get(ESPACE).content.decode()
    mien.refresh_from_db()
    autre.refresh_from_db()
    assert mien.compte == abonne and autre.compte is None
    assert escape(mien.logement.residence.adresse) in page
    assert escape(autre.logement.residence.adresse) not in page
    assert "octobre 2026" in page and "1,24\u00a0€" in page


def test_adresse_non_verifiee_ou_anonyme(client):
    _abonnement(email="pas-encore@exemple.fr")
    assert client.get(ESPACE).status_code == 302
    client.force_login(UserFactory(email="pas-encore@exemple.fr", email_verifie=False))
    assert client.get(ESPACE).status_code == 403
    assert client.get(reverse("internet_pour_tous:mes_donnees")).status_code == 403


def test_l_abonnement_d_un_autre_est_introuvable(client, abonne):
    autre = _abonnement(email="voisin@exemple.fr")
    client.force_login(abonne)
    for nom in ("attestation", "attestation_pdf"):
        assert client.get(reverse(f"internet_pour_tous:{nom}", args=[autre.pk])).status_code == 404
    assert "voisin" not in client.get(reverse("internet_pour_tous:mes_donnees")).content.decode()


def test_attestation_page_imprimable_et_pdf(client, abonne):
    TarifFactory(montant=Decimal("1.24"))
    mien = _abonnement()
    client.force_login(abonne)
    page = client.get(reverse("internet_pour_tous:attestation", args=[mien.pk]))
    contenu = page.content.decode()
    assert page.status_code == 200
    assert "Nolwenn Kerboul" in contenu and "ipt-attestation" in contenu
    assert mien.logement.reference in contenu
    pdf = client.get(reverse("internet_pour_tous:attestation_pdf", args=[mien.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_mes_donnees_contient_abonnements_historique_et_montants(client, abonne):
    mien = _abonnement()
    client.force_login(abonne)
    reponse = client.get(reverse("internet_pour_tous:mes_donnees"))
    assert reponse["Content-Disposition"].startswith("attachment")
    donnees = json.loads(reponse.content)
    assert donnees["compte"]["email"] == "nolwenn@exemple.fr"
    (abonnement,) = donnees["abonnements"]
    assert abonnement["numero"] == mien.pk and abonnement["titulaire"] == "Nolwenn Kerboul"
    assert abonnement["logement"]["reference"] == mien.logement.reference
    assert [e["mois"] for e in abonnement["echeances"]] == ["2026-09-01", "2026-10-01"]
    assert [e["montant"] for e in abonnement["echeances"]] == ["1.24", "1.24"]
    assert abonnement["periodes_d_activite"] == [{"debut": mien.debut.isoformat(), "fin": None}]
    assert "historique" in abonnement


def test_espace_en_requetes_constantes(client, abonne, django_assert_max_num_queries):
    _abonnement()
    client.force_login(abonne)
    client.get(ESPACE)
    for _ in range(8):
        _abonnement()
    with django_assert_max_num_queries(9):
        page = client.get(ESPACE).content.decode()
    assert page.count('class="carte abonnement"') == 9
