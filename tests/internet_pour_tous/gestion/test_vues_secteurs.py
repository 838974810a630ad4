"""Les secteurs : liste avec le dernier vote, page d'un secteur et ses transitions
(journal), en requêtes constantes."""

from datetime import date

import pytest
from django.urls import reverse

from internet_pour_tous.models import Secteur
from tests.internet_pour_tous.factories import (
    AbonnementFactory,
    ConsultationFactory,
    LogementFactory,
    ResidenceFactory,
    SecteurFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gestion(client, gestionnaire_ipt):
    client.force_login(gestionnaire_ipt)
    return client


def test_la_liste_des_secteurs_et_leur_dernier_vote(gestion, django_assert_max_num_queries):
    rangs = {}
    for rang in range(6):
        residence = ResidenceFactory()
        rangs[residence.secteur.pk] = rang
        ConsultationFactory(secteur=residence.secteur, ouverture=date(2024, 1, 1), pour=10)
        ConsultationFactory(
            secteur=residence.secteur, ouverture=date(2025, 1, 1), inscrits=200, pour=100, contre=50
        )
        for _ in range(rang):
            AbonnementFactory(actif=True, logement=LogementFactory(residence=residence))
        LogementFactory(residence=residence)

    with django_assert_max_num_queries(10):
        reponse = gestion.get(reverse("gestion_ipt:secteurs"))
    secteurs = reponse.context["secteurs"]
    # Chaque secteur avec ses propres comptes, quel que soit l'ordre des noms (« Secteur
    # 10 » précède « Secteur 9 » selon le compteur des fabriques dans la session).
    assert {s.pk: s.nb_actifs for s in secteurs} == rangs
    assert {s.pk: s.nb_logements for s in secteurs} == {pk: r + 1 for pk, r in rangs.items()}
    assert {s.participation for s in secteurs} == {75}
    assert {s.dernier_vote.pour for s in secteurs} == {100}
    assert "100 pour, 50 contre, 200 inscrits, participation 75\u202f%" in reponse.content.decode()


def test_la_page_d_un_secteur(gestion, django_assert_max_num_queries):
    secteur = SecteurFactory()
    for _ in range(3):
        residence = ResidenceFactory(secteur=secteur)
        AbonnementFactory(actif=True, logement=LogementFactory(residence=residence))
    ConsultationFactory(secteur=secteur)

    with django_assert_max_num_queries(12):
        reponse = gestion.get(reverse("gestion_ipt:secteur", args=[secteur.pk]))
    assert [r.nb_actifs for r in reponse.context["residences"]] == [1, 1, 1]
    assert reponse.context["transitions"] == []
    assert gestion.get(reverse("gestion_ipt:secteur", args=[secteur.pk + 99])).status_code == 404


def test_les_transitions_d_un_secteur_et_leur_historique(gestion, gestionnaire_ipt):
    secteur = SecteurFactory(statut=Secteur.Statut.A_L_ETUDE, deploye_le=None)
    adresse = reverse("gestion_ipt:secteur", args=[secteur.pk])

    assert (
        gestion.post(adresse, {"action": "prevoir_vote", "motif": "Vote en mars"}).status_code
        == 302
    )
    assert gestion.post(adresse, {"action": "adopter"}).status_code == 302
    reponse = gestion.post(adresse, {"action": "deployer"})
    assert reponse.status_code == 400
    assert "Indiquez la date du déploiement." in reponse.content.decode()
    assert (
        gestion.post(adresse, {"action": "deployer", "deploye_le": "2026-06-01"}).status_code == 302
    )

    secteur.refresh_from_db()
    assert (secteur.statut, secteur.deploye_le) == ("deploye", date(2026, 6, 1))
    etapes = list(secteur.historique.order_by("quand", "pk").values_list("vers", "motif", "par"))
    assert etapes == [
        ("vote_prevu", "Vote en mars", gestionnaire_ipt.pk),
        ("adopte", "", gestionnaire_ipt.pk),
        ("deploye", "", gestionnaire_ipt.pk),
    ]
    reponse = gestion.post(adresse, {"action": "refuser"}, follow=True)
    assert "Impossible de refuser" in reponse.content.decode()
    assert gestion.post(adresse, {"action": "supprimer"}).status_code == 400
    assert "Vote en mars" in gestion.get(adresse).content.decode()


def test_les_secteurs_sont_refuses_hors_des_gestionnaires(client, bailleur):
    secteur = SecteurFactory(statut=Secteur.Statut.ADOPTE, deploye_le=None)
    client.force_login(bailleur)
    for nom, args in [
        ("secteurs", []),
        ("secteur", [secteur.pk]),
        ("logements_importer", [secteur.pk]),
    ]:
        assert client.get(reverse(f"gestion_ipt:{nom}", args=args)).status_code == 403
    adresse = reverse("gestion_ipt:secteur", args=[secteur.pk])
    assert (
        client.post(adresse, {"action": "deployer", "deploye_le": "2026-01-01"}).status_code == 403
    )
    assert Secteur.objects.get(pk=secteur.pk).statut == "adopte"
