"""Côté public : présentation des secteurs, éligibilité d'une adresse, suggestions."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from internet_pour_tous.eligibilite import (
    ELIGIBLE,
    NON_COUVERT,
    VOTE_PREVU,
    adresse_normalisee,
    eligibilite,
    residences_suggerees,
)
from internet_pour_tous.models import Consultation, Secteur
from tests.internet_pour_tous.factories import ConsultationFactory, ResidenceFactory, SecteurFactory
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db
ELIGIBILITE = reverse("internet_pour_tous:eligibilite")
SUGGESTIONS = reverse("internet_pour_tous:suggestions")


def _hors_secteur(**kwargs):
    secteur = SecteurFactory(statut=Secteur.Statut.A_L_ETUDE, deploye_le=None)
    return ResidenceFactory(secteur=secteur, **kwargs)


def _vote_prevu():
    secteur = SecteurFactory(nom="Kerbonne", statut=Secteur.Statut.VOTE_PREVU, deploye_le=None)
    dans_un_mois = timezone.localdate() + timedelta(days=30)
    ConsultationFactory(
        secteur=secteur,
        ouverture=dans_un_mois,
        cloture=dans_un_mois + timedelta(days=10),
        resultat=Consultation.Resultat.A_VENIR,
        pour=0,
        contre=0,
    )
    return secteur, dans_un_mois


def test_adresse_normalisee():
    assert adresse_normalisee("  Rue de QUÉLIVERZAN, Pen-ar-Creac’h  Œuvre ") == (
        "rue de queliverzan pen ar creac h oeuvre"
    )


def test_les_trois_reponses_et_les_trois_lieux_les_plus_proches_dans_l_ordre():
    deployee = ResidenceFactory()
    assert eligibilite(deployee).statut == ELIGIBLE

    secteur, date_du_vote = _vote_prevu()
    reponse = eligibilite(ResidenceFactory(secteur=secteur))
    assert (reponse.statut, reponse.vote_le) == (VOTE_PREVU, date_du_vote)

    loin = LieuFactory(nom="Loin", latitude=48.50, longitude=-4.49)
    proche = LieuFactory(nom="Proche", latitude=48.401, longitude=-4.49)
    moyen = LieuFactory(
        nom="Moyen",
        latitude=48.42,
        longitude=-4.49,
        modalites_accompagnement=["Dans un atelier collectif"],
    )
    LieuFactory(nom="Très loin", latitude=48.60, longitude=-4.49)
    LieuFactory(nom="Dépublié", latitude=48.40, longitude=-4.49, publie=False)
    residence = _hors_secteur(latitude=48.40, longitude=-4.49)
    reponse = eligibilite(residence)
    assert reponse.statut == NON_COUVERT
    assert [lieu.nom for lieu in reponse.lieux] == [proche.nom, moyen.nom, loin.nom]
    assert [lieu.distance_km for lieu in reponse.lieux] == [0.1, 2.2, 11.1]
    assert [lieu.nom for lieu in reponse.ateliers] == [moyen.nom]


def test_la_page_d_eligibilite_repond_pour_chaque_cas(client):
    deployee = ResidenceFactory(adresse="3 rue de Kerourien")
    reponse = client.get(ELIGIBILITE, {"residence": deployee.pk})
    assert reponse.status_code == 200
    assert 'data-statut="eligible"' in reponse.content.decode()
    assert reverse("internet_pour_tous:demande", args=[deployee.pk]) in reponse.content.decode()

    secteur, date_du_vote = _vote_prevu()
    votante = ResidenceFactory(secteur=secteur)
    page = client.get(ELIGIBILITE, {"residence": votante.pk}).content.decode()
    assert 'data-statut="vote_prevu"' in page
    # Le premier du mois s'écrit « 1er » (brest_numerique/typographie.py) : sans quoi
    # le test échouait chaque jour dont le trentième suivant est un premier du mois.
    jour = "1er" if date_du_vote.day == 1 else date_du_vote.day
    assert f"du {jour} " in page

    LieuFactory(nom="Médiathèque des Capucins", latitude=48.40, longitude=-4.49)
    hors = _hors_secteur(adresse="8 rue Saint-Exupéry")
    page = client.get(ELIGIBILITE, {"adresse": "saint exupery"}).content.decode()
    assert 'data-statut="non_couvert"' in page and hors.adresse in page
    assert "Médiathèque des Capucins" in page


def test_une_adresse_inconnue_le_dit_et_propose_commune_residence_et_lieux(client):
    ResidenceFactory(adresse="1 rue Jean Jaurès")
    LieuFactory(nom="Maison de quartier", latitude=48.39, longitude=-4.49)
    reponse = client.get(ELIGIBILITE, {"adresse": "42 boulevard Inconnu"})
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert 'id="introuvable"' in page and "42 boulevard Inconnu" in page
    assert 'name="commune"' in page and 'name="residence"' in page
    assert "1 rue Jean Jaurès" in page and "Maison de quartier" in page


def test_plusieurs_residences_trouvees_se_choisissent(client):
    a = ResidenceFactory(adresse="10 rue de Quimper")
    b = ResidenceFactory(adresse="12 rue de Quimper")
    page = client.get(ELIGIBILITE, {"adresse": "rue de quimper"}).content.decode()
    assert f"?residence={a.pk}" in page and f"?residence={b.pk}" in page


@pytest.mark.parametrize(
    "parametres,statut",
    [
        ({"residence": "abc"}, 400),
        ({"residence": "١٢"}, 400),
        ({"residence": "99999999"}, 404),
        ({"commune": "xx"}, 400),
        ({"commune": "123456"}, 400),
        ({"adresse": "x" * 201}, 400),
        ({}, 200),
    ],
)
def test_parametres_invalides(client, parametres, statut):
    assert client.get(ELIGIBILITE, parametres).status_code == statut


def test_suggestions_sans_accents_ni_majuscules_et_bornees(client):
    ResidenceFactory(adresse="5 rue de Quéliverzan")
    for n in range(10):
        ResidenceFactory(adresse=f"{n} place de l'Élorn")
    assert [r.adresse for r in residences_suggerees("QUELIVERZAN")] == ["5 rue de Quéliverzan"]
    assert len(residences_suggerees("elorn")) == 8
    donnees = client.get(SUGGESTIONS, {"q": "quéliverzan"}).json()
    assert [r["adresse"] for r in donnees["resultats"]] == ["5 rue de Quéliverzan"]
    assert donnees["resultats"][0]["url"].startswith(ELIGIBILITE + "?residence=")
    assert len(client.get(SUGGESTIONS, {"q": "ELORN"}).json()["resultats"]) == 8
    assert client.get(SUGGESTIONS, {"q": "ab"}).status_code == 400
    assert client.get(SUGGESTIONS, {"q": "a" * 201}).status_code == 400
    assert client.get(SUGGESTIONS).status_code == 400


def test_presentation_secteurs_deployes_et_votes_en_requetes_constantes(
    client, django_assert_max_num_queries
):
    cache.clear()
    SecteurFactory(nom="Kerourien", deploye_le=timezone.localdate().replace(year=2009))
    _vote_prevu()
    page = client.get(reverse("internet_pour_tous:presentation")).content.decode()
    assert "Kerourien" in page and "2009" in page and "Kerbonne" in page
    assert 'data-latitude="48.390000"' in page
    for n in range(15):
        SecteurFactory(nom=f"Déployé {n}")
        _vote_prevu()
    cache.clear()
    with django_assert_max_num_queries(6):
        page = client.get(reverse("internet_pour_tous:presentation")).content.decode()
    assert "Déployé 14" in page
