"""Côté public : la demande d'abonnement en ligne d'un foyer."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from internet_pour_tous.models import Abonnement, Accompagnement, Secteur
from tests.factories import UserFactory
from tests.internet_pour_tous.factories import LogementFactory, ResidenceFactory, SecteurFactory

pytestmark = pytest.mark.django_db


def _donnees(choisi, **autres):
    return {
        "titulaire": "Awa Le Goff",
        "email": "awa@exemple.fr",
        "telephone": "02 98 11 22 33",
        "logement": str(choisi.pk),
        "accompagnement": [Accompagnement.ATELIERS],
        "consentement": "on",
        **autres,
    }


@pytest.fixture
def logement():
    cache.clear()  # les limites de débit vivent dans le cache
    return LogementFactory(escalier="B", etage="3", porte="12")


def test_le_formulaire_propose_les_logements_de_la_residence_seulement(client, logement):
    LogementFactory(reference="AUTRE-RESIDENCE")
    page = client.get(reverse("internet_pour_tous:demande", args=[logement.residence_id]))
    contenu = page.content.decode()
    assert page.status_code == 200
    assert "Escalier B, étage 3, porte 12" in contenu and logement.reference in contenu
    assert "AUTRE-RESIDENCE" not in contenu
    assert 'href="/donnees-personnelles/"' in contenu


def test_une_demande_valide_est_enregistree_et_rattachee_au_compte_verifie(
    client, logement, django_capture_on_commit_callbacks
):
    compte = UserFactory(email="awa@exemple.fr")
    client.force_login(compte)
    adresse = reverse("internet_pour_tous:demande", args=[logement.residence_id])
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(adresse, _donnees(logement))
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("internet_pour_tous:demande_envoyee")
    abonnement = Abonnement.objects.get()
    assert (abonnement.logement, abonnement.titulaire, abonnement.compte) == (
        logement,
        "Awa Le Goff",
        compte,
    )
    assert abonnement.accompagnement == ["ateliers"]
    assert any("awa@exemple.fr" in message.to for message in mail.outbox)


def test_erreurs_a_cote_des_champs_resume_en_tete_et_saisie_conservee(client, logement):
    adresse = reverse("internet_pour_tous:demande", args=[logement.residence_id])
    reponse = client.post(
        adresse,
        _donnees(logement, email="pas-une-adresse", telephone="12", consentement="", logement="0"),
    )
    contenu = reponse.content.decode()
    assert reponse.status_code == 400
    assert "data-resume-erreurs" in contenu and "Le formulaire contient 4 erreurs" in contenu
    assert 'href="#id_email"' in contenu
    assert "Votre accord est nécessaire" in contenu
    assert "Indiquez un numéro de 10 chiffres" in contenu
    assert "Choisissez un logement de la liste." in contenu
    assert 'value="Awa Le Goff"' in contenu and 'value="pas-une-adresse"' in contenu
    assert 'value="ateliers" id="id_accompagnement_1" checked' in contenu
    assert not Abonnement.objects.exists()


def test_une_seconde_demande_pour_le_meme_logement_est_refusee(client, logement):
    adresse = reverse("internet_pour_tous:demande", args=[logement.residence_id])
    assert client.post(adresse, _donnees(logement)).status_code == 302
    reponse = client.post(adresse, _donnees(logement, email="autre@exemple.fr"))
    assert reponse.status_code == 400
    assert "déjà" in reponse.content.decode()
    assert Abonnement.objects.count() == 1


def test_hors_secteur_deploye_la_demande_renvoie_a_l_eligibilite(client):
    secteur = SecteurFactory(statut=Secteur.Statut.A_L_ETUDE, deploye_le=None)
    residence = ResidenceFactory(secteur=secteur)
    reponse = client.get(reverse("internet_pour_tous:demande", args=[residence.pk]))
    assert reponse.status_code == 302
    assert reponse["Location"].endswith(f"?residence={residence.pk}")
    assert client.get(reverse("internet_pour_tous:demande", args=[999999])).status_code == 404


def test_les_envois_anonymes_sont_limites(client, logement):
    adresse = reverse("internet_pour_tous:demande", args=[logement.residence_id])
    statuts = []
    for _ in range(6):
        autre = LogementFactory(residence=logement.residence)
        statuts.append(client.post(adresse, _donnees(autre)).status_code)
    # Cinq demandes par heure pour une même adresse électronique.
    assert statuts == [302] * 5 + [429]
