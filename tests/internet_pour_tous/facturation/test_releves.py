"""Les relevés des bailleurs : totaux, fichiers relus (CSV, XLSX, PDF), envoi,
paiement et import des impayés (tout ou rien)."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from internet_pour_tous.facturation import exports, services
from internet_pour_tous.facturation.impayes import impayes_importer
from internet_pour_tous.models import Echeance, Releve
from tests.internet_pour_tous.factories import LogementFactory, ResidenceFactory
from tests.internet_pour_tous.facturation.conftest import abonne

pytestmark = pytest.mark.django_db
MARS = date(2026, 3, 1)


@pytest.fixture
def releve(tarif):
    residence = ResidenceFactory()
    references = ["BMH-001", "=HYPERLIEN(1)", "BMH-003", "BMH-004"]
    for reference in references:
        abonne(
            (date(2025, 1, 1), None),
            logement=LogementFactory(residence=residence, reference=reference),
        )
    with time_machine.travel(date(2026, 3, 2), tick=False):
        services.facturer(MARS)
    return Releve.objects.get()


def _csv(texte: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("impayes.csv", texte.encode(), content_type="text/csv")


def _xlsx(lignes) -> SimpleUploadedFile:
    classeur = Workbook()
    for ligne in lignes:
        classeur.active.append(ligne)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return SimpleUploadedFile("impayes.xlsx", tampon.getvalue())


def test_le_total_est_la_somme_des_lignes_et_les_fichiers_se_relisent(releve):
    releve = services.releves_avec_totaux().get(pk=releve.pk)
    montants = list(Echeance.objects.filter(releve=releve).values_list("montant", flat=True))
    assert releve.nombre_lignes == 4
    assert releve.total == sum(montants) == Decimal("4.40")

    fichier = exports.releve_fichier(releve, "csv")
    assert fichier.contenu.startswith("\ufeff".encode())
    lignes = list(csv.reader(io.StringIO(fichier.contenu.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0] == ["reference_logement", "residence", "mois", "montant"]
    assert [ligne[0] for ligne in lignes[1:]] == ["'=HYPERLIEN(1)", "BMH-001", "BMH-003", "BMH-004"]
    assert {ligne[2] for ligne in lignes[1:]} == {"2026-03"}
    assert sum(Decimal(ligne[3].replace(",", ".")) for ligne in lignes[1:]) == releve.total

    classeur = load_workbook(io.BytesIO(exports.releve_fichier(releve, "xlsx").contenu))
    rangees = list(classeur.active.iter_rows(values_only=True))
    assert rangees[0] == ("reference_logement", "residence", "mois", "montant")
    assert rangees[1][0] == "=HYPERLIEN(1)"  # du texte, pas une formule
    assert classeur.active["A2"].data_type == "s"
    assert sum(Decimal(str(r[3])) for r in rangees[1:]) == releve.total

    pdf = exports.releve_fichier(releve, "pdf")
    assert pdf.contenu.startswith(b"%PDF")
    assert pdf.type_mime == "application/pdf"
    with pytest.raises(ValueError):
        exports.releve_fichier(releve, "exe")


def test_des_lignes_inconnues_ou_fausses_sont_signalees_et_rien_n_est_ecrit(
    releve, gestionnaire_ipt
):
    fichier = _csv(
        "reference_logement;montant\n"
        "BMH-001;1,10\n"
        "INCONNU-9;1,10\n"
        ";1,10\n"
        "BMH-003;2,00\n"
        "BMH-001;1,10\n"
        "BMH-004;abc\n"
    )
    rapport = impayes_importer(releve, fichier, par=gestionnaire_ipt)
    assert not rapport.valide
    assert rapport.erreurs == [
        "Ligne 3\u00a0: le logement « INCONNU-9 » n'est pas dans ce relevé.",
        "Ligne 4\u00a0: la référence du logement manque.",
        "Ligne 5\u00a0: le montant 2.00\u00a0€ diffère de celui du relevé (1.10\u00a0€).",
        "Ligne 6\u00a0: le logement « BMH-001 » est déjà à la ligne 2.",
        "Ligne 7\u00a0: le montant « abc » est illisible.",
    ]
    releve.refresh_from_db()
    assert releve.statut == Releve.Statut.PREPARE
    assert set(Echeance.objects.values_list("statut", flat=True)) == {Echeance.Statut.DUE}


def test_sans_colonne_reference_le_fichier_est_refuse(releve):
    rapport = impayes_importer(releve, _csv("logement;montant\nBMH-001;1,10\n"))
    assert rapport.erreurs == ["Ligne 1\u00a0: la colonne « reference_logement » manque."]
    rapport = impayes_importer(releve, SimpleUploadedFile("impayes.pdf", b"%PDF-1.4"))
    assert rapport.erreurs == ["Déposez un fichier CSV (.csv) ou un classeur Excel (.xlsx)."]


def test_les_bonnes_lignes_impayees_rendent_le_releve_paye_en_partie(releve, gestionnaire_ipt):
    services.releve_marquer_envoye(releve, par=gestionnaire_ipt)
    fichier = _xlsx([["reference_logement", "montant"], ["BMH-001", 1.10], ["BMH-004", None]])
    rapport = impayes_importer(releve, fichier, par=gestionnaire_ipt)
    assert rapport.erreurs == []
    assert (rapport.lignes, rapport.impayees) == (2, 2)
    releve.refresh_from_db()
    assert releve.statut == Releve.Statut.PAYE_EN_PARTIE
    statuts = dict(Echeance.objects.values_list("abonnement__logement__reference", "statut"))
    assert statuts == {
        "BMH-001": "impayee",
        "=HYPERLIEN(1)": "payee",
        "BMH-003": "payee",
        "BMH-004": "impayee",
    }
    assert services.releves_avec_totaux().get(pk=releve.pk).total_impaye == Decimal("2.20")
    # Payé : on n'y revient plus.
    with pytest.raises(ValidationError, match="paiement est enregistré"):
        services.releve_marquer_paye(releve)


def test_paye_en_entier_puis_plus_d_envoi(releve):
    services.releve_marquer_paye(releve)
    releve.refresh_from_db()
    assert releve.statut == Releve.Statut.PAYE
    assert set(Echeance.objects.values_list("statut", flat=True)) == {"payee"}
    with pytest.raises(ValidationError, match="envoyé"):
        services.releve_marquer_envoye(releve)


def test_trois_mois_impayes_proposent_la_suspension(tarif):
    endette = abonne((date(2025, 1, 1), None))
    presque = abonne((date(2025, 1, 1), None))
    for n, mois in enumerate([date(2026, 1, 1), date(2026, 2, 1), MARS]):
        Echeance.objects.create(
            abonnement=endette, mois=mois, montant=Decimal("1.10"), statut="impayee"
        )
        Echeance.objects.create(
            abonnement=presque,
            mois=mois,
            montant=Decimal("1.10"),
            statut="impayee" if n else "payee",
        )
    proposes = list(services.a_suspendre())
    assert proposes == [endette]
    assert (proposes[0].mois_impayes, proposes[0].montant_impaye) == (3, Decimal("3.30"))
    annote = services.impayes_par_abonnement(type(presque).objects.filter(pk=presque.pk)).get()
    assert (annote.mois_impayes, annote.montant_impaye) == (2, Decimal("2.20"))
