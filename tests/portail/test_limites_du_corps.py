"""L'application plafonne elle-même la taille des requêtes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from brest_numerique.admin_import_export import TAILLE_MAX_IMPORT
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lieu():
    return LieuFactory()


def test_un_corps_plus_gros_que_le_plafond_recoit_une_413_en_francais(client, settings, lieu):
    settings.TAILLE_MAX_REQUETE = 10_000
    url = lieu.get_absolute_url() + "signaler/"

    reponse = client.post(url, {"message": "x" * 20_000})

    assert reponse.status_code == 413
    assert "Envoi trop volumineux" in reponse.content.decode()


def test_un_fichier_envoye_a_une_vue_ordinaire_est_plafonne_aussi(client, settings, lieu):
    settings.TAILLE_MAX_REQUETE = 10_000
    fichier = SimpleUploadedFile("gros.bin", b"\0" * 50_000)

    reponse = client.post(lieu.get_absolute_url() + "signaler/", {"piece": fichier})

    assert reponse.status_code == 413


def test_l_import_de_l_administration_accepte_un_fichier_au_dela_du_plafond_ordinaire(
    client, settings, administrateur
):
    settings.TAILLE_MAX_REQUETE = 10_000
    client.force_login(administrateur)
    fichier = SimpleUploadedFile("lieux.csv", b"identifiant,nom\n1," + b"x" * 12_000 + b"\n")

    reponse = client.post(
        "/admin/papi/lieu/import/", {"resource": "0", "format": "0", "import_file": fichier}
    )

    assert reponse.status_code == 200  # le formulaire d'import répond (colonnes manquantes)


def test_l_import_a_lui_aussi_son_plafond(administrateur, settings):
    client = Client()
    client.force_login(administrateur)

    reponse = client.post(
        "/admin/papi/lieu/import/",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(TAILLE_MAX_IMPORT + 1),
    )

    assert reponse.status_code == 413


def test_le_plancher_du_banc_n_existe_pas_hors_du_banc(client, settings):
    assert client.get("/plancher/").status_code == 404
    settings.PLANCHER_ACTIF = True
    assert client.get("/plancher/").content == b"ok"
