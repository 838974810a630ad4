"""Un juré ne voit que les dossiers qui lui sont confiés, jamais ceux où il a déclaré
un conflit d'intérêts : règle d'objet, et identifiants devinés dans les adresses
(IDOR) sur chaque page du juré et sur les pièces jointes."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from brest_numerique.comptes.roles import peut
from projets.jury.models import Evaluation
from projets.pieces.models import Origine
from projets.pieces.services import peut_voir_piece, pieces_ajouter
from tests.factories import UserFactory
from tests.projets.fichiers_exemples import pdf
from tests.projets.jury.factories import EvaluationFactory, jure_factory

pytestmark = pytest.mark.django_db

ADRESSES = ["jury:evaluation", "jury:conflit"]


@pytest.fixture
def evaluation():
    return EvaluationFactory(dossier__titre="Fablab des Capucins")


def test_le_jure_de_l_evaluation_peut_la_noter(evaluation):
    assert peut(evaluation.jure, "noter_dossiers", evaluation)


def test_un_autre_jure_un_jure_hors_du_jury_ou_en_conflit_ne_peut_pas(evaluation):
    autre = EvaluationFactory(dossier=evaluation.dossier)  # même jury, autre juré
    assert not peut(autre.jure, "noter_dossiers", evaluation)

    evaluation.dossier.edition.jury.jures.remove(evaluation.jure)  # sorti du jury
    assert not peut(evaluation.jure, "noter_dossiers", evaluation)

    autre.statut = Evaluation.Statut.CONFLIT
    assert not peut(autre.jure, "noter_dossiers", autre)


def test_un_compte_hors_du_groupe_jury_ne_note_rien(evaluation):
    citoyen = UserFactory()
    evaluation.jure = citoyen
    assert not peut(citoyen, "noter_dossiers", evaluation)


def _contenu(client, nom, evaluation):
    return client.get(reverse(nom, args=[evaluation.pk]))


@pytest.mark.parametrize("nom", ADRESSES)
def test_l_evaluation_d_un_autre_jure_n_existe_pas(client, evaluation, nom):
    client.force_login(jure_factory())

    reponse = _contenu(client, nom, evaluation)

    assert reponse.status_code == 404
    assert "Fablab des Capucins" not in reponse.text


@pytest.mark.parametrize("nom", ADRESSES)
def test_l_evaluation_d_une_autre_edition_n_existe_pas_pour_qui_a_quitte_ce_jury(
    client, evaluation, nom
):
    # Le juré est du jury d'une autre édition, plus de celle-ci.
    EvaluationFactory(jure=evaluation.jure)
    evaluation.dossier.edition.jury.jures.remove(evaluation.jure)
    client.force_login(evaluation.jure)

    assert _contenu(client, nom, evaluation).status_code == 404


@pytest.mark.parametrize("nom", [*ADRESSES, "jury:accueil"])
def test_un_compte_hors_du_groupe_jury_est_refuse(client, evaluation, nom):
    client.force_login(UserFactory())

    args = [] if nom == "jury:accueil" else [evaluation.pk]
    assert client.get(reverse(nom, args=args)).status_code == 403


def test_un_identifiant_demesure_mene_au_404(client, evaluation):
    client.force_login(evaluation.jure)

    assert client.get(f"/jury/{10**30}/").status_code == 404
    assert client.get(f"/jury/{2**63}/conflit/").status_code == 404


def test_un_dossier_en_conflit_ne_montre_plus_rien_de_lui(client, evaluation):
    evaluation.statut = Evaluation.Statut.CONFLIT
    evaluation.conflit_motif = "Ma sœur préside cette association."
    evaluation.save()
    client.force_login(evaluation.jure)

    page = _contenu(client, "jury:evaluation", evaluation)
    conflit = _contenu(client, "jury:conflit", evaluation)
    accueil = client.get(reverse("jury:accueil"))
    soumettre = client.post(reverse("jury:soumettre", args=[evaluation.pk]), {"avis": "favorable"})

    assert page.status_code == 403
    assert soumettre.status_code == 403
    assert conflit.status_code == 200
    assert accueil.status_code == 200
    assert "Conflit d'intérêts déclaré" in page.text
    assert "Ma sœur préside cette association." in conflit.text
    for reponse in (page, conflit, accueil, soumettre):
        assert "Fablab des Capucins" not in reponse.text
        assert evaluation.dossier.structure.nom not in reponse.text
        assert evaluation.dossier.resume not in reponse.text


def test_le_jure_ouvre_les_pieces_du_dossier_confie_mais_pas_celles_de_la_messagerie(evaluation):
    dossier = evaluation.dossier
    (piece,) = pieces_ajouter(dossier, [ContentFile(pdf(), name="budget.pdf")], None)
    (message,) = pieces_ajouter(
        dossier, [ContentFile(pdf(), name="message.pdf")], None, origine=Origine.MESSAGE
    )
    autre = jure_factory()

    assert peut_voir_piece(evaluation.jure, piece)
    assert not peut_voir_piece(evaluation.jure, message)
    assert not peut_voir_piece(autre, piece)
    Evaluation.objects.filter(pk=evaluation.pk).update(statut=Evaluation.Statut.CONFLIT)
    assert not peut_voir_piece(evaluation.jure, piece)


def test_la_piece_se_telecharge_depuis_la_page_du_jure(client, evaluation):
    (piece,) = pieces_ajouter(evaluation.dossier, [ContentFile(pdf(), name="devis.pdf")], None)
    client.force_login(evaluation.jure)

    page = _contenu(client, "jury:evaluation", evaluation)
    fichier = client.get(reverse("projets:piece", args=[piece.pk]))

    assert reverse("projets:piece", args=[piece.pk]) in page.text
    assert fichier.status_code == 200
    client.force_login(jure_factory())
    assert client.get(reverse("projets:piece", args=[piece.pk])).status_code == 404


def test_un_superutilisateur_jure_en_conflit_ne_voit_pas_non_plus_le_dossier(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    evaluation = EvaluationFactory(
        jure=admin, statut=Evaluation.Statut.CONFLIT, dossier__titre="Radio des Quatre Moulins"
    )
    client.force_login(admin)

    page = _contenu(client, "jury:evaluation", evaluation)

    assert page.status_code == 403
    assert "Radio des Quatre Moulins" not in page.text
