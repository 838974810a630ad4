"""L'import des logements d'un bailleur : aperçu sans écriture, chaque ligne fautive
rapportée avec son numéro, rien d'écrit à moitié, fichier vérifié par son contenu."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from internet_pour_tous.models import Logement
from tests.internet_pour_tous.factories import LogementFactory, ResidenceFactory, SecteurFactory

pytestmark = pytest.mark.django_db

ENTETE = "reference;residence;escalier;etage;porte\n"


@pytest.fixture
def gestion(client, gestionnaire_ipt):
    client.force_login(gestionnaire_ipt)
    return client


@pytest.fixture
def secteur():
    secteur = SecteurFactory()
    ResidenceFactory(secteur=secteur, nom="Les Glycines", adresse="12 rue de Siam")
    ResidenceFactory(secteur=secteur, nom="Kerbernier", adresse="3 place de l'Église")
    return secteur


def envoyer(client, secteur, contenu, nom="logements.csv", importer=False):
    if isinstance(contenu, str):
        contenu = contenu.encode()
    donnees = {"fichier": SimpleUploadedFile(nom, contenu)}
    donnees["importer" if importer else "verifier"] = "1"
    return client.post(reverse("gestion_ipt:logements_importer", args=[secteur.pk]), donnees)


def test_l_apercu_n_ecrit_rien_puis_l_import_ecrit_tout(gestion, secteur):
    fichier = (
        ENTETE
        + "GL-001;Les Glycines;A;1;12\nGL-002;12 RUE DE SIAM;A;1;13\nKB-1;3 place de l'eglise;;RDC;\n"
    )

    reponse = envoyer(gestion, secteur, fichier)
    assert reponse.status_code == 200
    assert len(reponse.context["rapport"].lignes) == 3
    assert Logement.objects.count() == 0

    reponse = envoyer(gestion, secteur, fichier, importer=True)
    assert reponse.status_code == 302
    logements = Logement.objects.order_by("reference")
    assert [(lg.reference, lg.residence.nom, lg.etage) for lg in logements] == [
        ("GL-001", "Les Glycines", "1"),
        ("GL-002", "Les Glycines", "1"),
        ("KB-1", "Kerbernier", "RDC"),
    ]
    assert {lg.bailleur_id for lg in logements} == {secteur.bailleur_id}


def test_chaque_ligne_fautive_est_rapportee_et_rien_n_est_ecrit(gestion, secteur):
    LogementFactory(residence=secteur.residences.first(), reference="DEJA-1")
    fichier = (
        ENTETE
        + "OK-1;Les Glycines;;;\n"
        + ";Les Glycines;;;\n"
        + "OK-2;Résidence inconnue;;;\n"
        + "OK-1;Kerbernier;;;\n"
        + "DEJA-1;Kerbernier;;;\n"
        + "OK-3;Kerbernier;B;2;7\n"
    )
    reponse = envoyer(gestion, secteur, fichier, importer=True)

    assert reponse.status_code == 400
    erreurs = [message for _n, message in reponse.context["rapport"].erreurs]
    assert erreurs == [
        "Ligne 3\u00a0: la référence est vide.",
        f"Ligne 4\u00a0: la résidence « Résidence inconnue » n'est pas dans le secteur {secteur.nom}.",
        "Ligne 5\u00a0: la référence « OK-1 » est déjà à la ligne 2.",
        "Ligne 6\u00a0: la référence « DEJA-1 » existe déjà chez ce bailleur.",
    ]
    contenu = reponse.content.decode()
    assert "4 lignes à corriger\u00a0: rien n'a été importé." in contenu
    assert Logement.objects.count() == 1


def test_un_classeur_xlsx(gestion, secteur):
    donnees = tablib.Dataset(headers=["Référence", "Résidence", "Escalier", "Étage", "Porte"])
    donnees.append(["X-1", "Kerbernier", "C", 3, 31])
    donnees.append(["X-2", "Inconnue", "", "", ""])
    reponse = envoyer(gestion, secteur, donnees.export("xlsx"), nom="liste.xlsx")
    assert [n for n, _m in reponse.context["rapport"].erreurs] == [3]

    donnees = tablib.Dataset(headers=["reference", "residence", "escalier", "etage", "porte"])
    donnees.append(["X-1", "Kerbernier", "C", 3, 31])
    assert (
        envoyer(
            gestion, secteur, donnees.export("xlsx"), nom="liste.xlsx", importer=True
        ).status_code
        == 302
    )
    assert Logement.objects.get().porte == "31"


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("logements.xlsx", ENTETE + "A;Kerbernier;;;\n", "pas un XLSX"),
        ("logements.csv", b"MZ\x90\x00binaire", "données binaires"),
        ("logements.csv", "<html><script>alert(1)</script>", "balises HTML"),
        ("logements.pdf", b"%PDF-1.4", "CSV (.csv) ou un classeur"),
        ("logements.csv", "nom;adresse\nA;B\n", "Colonnes manquantes"),
        ("logements.csv", ENTETE, "aucun logement"),
        # Une cellule que le module csv refuse (plus de 128 Kio) : 500 avant.
        ("logements.csv", ENTETE + "A" * 140_000 + ";Kerbernier\n", "ce CSV est mal formé"),
    ],
)
@pytest.mark.usefixtures("limite_csv_de_python")
def test_un_fichier_refuse_par_son_contenu(gestion, secteur, nom, contenu, message):
    reponse = envoyer(gestion, secteur, contenu, nom=nom, importer=True)

    assert reponse.status_code == 400
    assert message in reponse.content.decode()
    assert Logement.objects.count() == 0


def test_un_csv_a_virgules_en_windows_1252(gestion, secteur):
    fichier = "reference,residence\nE-1,Kerbernier\nE-2,3 place de l'Église\n".encode("cp1252")
    assert envoyer(gestion, secteur, fichier, importer=True).status_code == 302
    assert Logement.objects.count() == 2
