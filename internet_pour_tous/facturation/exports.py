"""Le relevé d'un bailleur en fichier : CSV, XLSX ou PDF, que son logiciel de
gestion locative importe pour ajouter les montants aux charges.

Colonnes (docs/internet-pour-tous.md) : reference_logement, residence, mois
(AAAA-MM), montant (euros, virgule décimale dans le CSV, nombre dans le XLSX). Une
ligne par logement ; le total, égal à la somme des lignes, est dans le PDF et sur
la page, pas dans les tableaux (une ligne de total serait importée comme un
logement)."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from internet_pour_tous.facturation.services import lignes_du_releve, releves_avec_totaux
from internet_pour_tous.models import Releve
from projets.exports.services import neutraliser

FORMATS = ("csv", "xlsx", "pdf")
COLONNES = ["reference_logement", "residence", "mois", "montant"]
TYPES_MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Fichier:
    contenu: bytes
    type_mime: str
    nom: str


def lignes(releve: Releve):
    mois = f"{releve.mois:%Y-%m}"
    for echeance in lignes_du_releve(releve).iterator(chunk_size=2000):
        logement = echeance.abonnement.logement
        yield [logement.reference, logement.residence.nom, mois, echeance.montant]


def _csv(releve: Releve) -> bytes:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(COLONNES)
    for ligne in lignes(releve):
        ecrivain.writerow(
            [str(v).replace(".", ",") if isinstance(v, Decimal) else neutraliser(v) for v in ligne]
        )
    # UTF-8 avec BOM : Excel lit les accents ; point-virgule : tableurs français.
    return ("\ufeff" + tampon.getvalue()).encode()


def _xlsx(releve: Releve) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(title=f"Relevé {releve.mois:%m-%Y}")
    feuille.append(COLONNES)
    for ligne in lignes(releve):
        rangee = []
        for valeur in ligne:
            cellule = WriteOnlyCell(feuille, value=valeur)
            # Une référence qui commence par « = » reste du texte, jamais une formule.
            if isinstance(valeur, str):
                cellule.data_type = "s"
            else:
                cellule.number_format = "0.00"
            rangee.append(cellule)
        feuille.append(rangee)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def _pdf(releve: Releve) -> bytes:
    from weasyprint import HTML

    from projets.exports.pdf import BASE, _fetcher

    releve = releves_avec_totaux().select_related("bailleur").get(pk=releve.pk)
    html = render_to_string(
        "internet_pour_tous/facturation/releve_pdf.html",
        {"releve": releve, "lignes": list(lignes(releve)), "genere_le": timezone.localtime()},
    )
    return HTML(string=html, base_url=BASE, url_fetcher=_fetcher()).write_pdf()


def releve_fichier(releve: Releve, format: str) -> Fichier:
    """Le relevé dans ce format (csv, xlsx ou pdf ; ValueError sinon)."""
    if format not in FORMATS:
        raise ValueError(f"Format inconnu : {format}")
    contenu = {"csv": _csv, "xlsx": _xlsx, "pdf": _pdf}[format](releve)
    nom = f"releve-{releve.bailleur.slug}-{releve.mois:%Y-%m}.{format}"
    return Fichier(contenu, TYPES_MIME[format], nom)
