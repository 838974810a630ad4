"""Les exports d'une édition pour l'instruction : une ligne par dossier déposé, en
CSV, XLSX ou ODS, avec l'adresse du dossier dans chaque ligne (ce que demandent les
instructeurs habitués de Démarches Simplifiées).

Les dossiers sont lus par paquets (`iterator(chunk_size=…)` avec leurs préchargements
faits paquet par paquet) : une édition de 400 dossiers coûte quelques requêtes, pas
une par dossier, et la mémoire ne tient qu'un paquet à la fois."""

import csv
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from projets.models import (
    AppelAProjets,
    Dossier,
    FormeAide,
    LigneBudget,
    Public,
    Theme,
    TypeStructure,
)

# Dossiers lus par requête : assez pour qu'une édition tienne en une poignée de
# requêtes, assez peu pour que la mémoire reste petite.
PAQUET = 500
FORMATS = ("csv", "xlsx", "ods")
TYPES_MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
# Un tableur lit comme une formule une cellule qui commence ainsi (injection CSV) ;
# tabulation et retour chariot en font partie chez certains tableurs.
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Colonne:
    entete: str
    valeur: Callable[[Dossier], object]


def _instant(valeur: datetime | None) -> datetime | None:
    # Les tableurs ne connaissent pas les fuseaux : l'heure de Paris, sans fuseau.
    if valeur is None:
        return None
    return timezone.localtime(valeur).replace(tzinfo=None, microsecond=0)


def _libelles(choix) -> dict[str, str]:
    # Traduits une fois par export : get_FOO_display() retraduirait chaque cellule.
    return {valeur: str(libelle) for valeur, libelle in choix}


# Un numéro qu'aucun chemin ne contient par ailleurs, remplacé par celui de chaque
# dossier : un seul reverse() par export au lieu d'un par ligne.
_REPERE = 987654321


def _adresses() -> Callable[[Dossier], str]:
    modele = settings.SITE_URL + reverse("instruction:dossier", kwargs={"dossier": _REPERE})
    avant, apres = modele.split(str(_REPERE))
    return lambda dossier: f"{avant}{dossier.pk}{apres}"


def colonnes() -> list[Colonne]:
    publics = _libelles(Public.choices)
    types = _libelles(TypeStructure.choices)
    formes = _libelles(FormeAide.choices)
    etats = _libelles(Dossier.Statut.choices)
    oui, non = _("oui"), _("non")
    return [
        Colonne(_("Numéro"), lambda d: d.numero),
        Colonne(_("Titre"), lambda d: d.titre),
        Colonne(_("Structure"), lambda d: d.structure.nom),
        Colonne(_("Type de structure"), lambda d: types.get(d.structure.type, d.structure.type)),
        Colonne(_("RNA"), lambda d: d.structure.rna),
        Colonne(_("SIRET"), lambda d: d.structure.siret),
        Colonne(_("Commune de la structure"), lambda d: d.structure.commune.nom),
        Colonne(_("Communes concernées"), lambda d: ", ".join(c.nom for c in d.communes.all())),
        Colonne(_("Thèmes"), lambda d: ", ".join(t.libelle for t in d.themes.all())),
        Colonne(_("Publics"), lambda d: ", ".join(publics.get(p, p) for p in d.publics or [])),
        Colonne(_("Aide demandée"), lambda d: formes.get(d.forme_aide, d.forme_aide)),
        Colonne(_("Montant demandé (€)"), lambda d: d.montant_demande),
        Colonne(_("Total des dépenses (€)"), lambda d: d.total_depenses),
        Colonne(_("État"), lambda d: etats.get(d.statut, d.statut)),
        Colonne(_("Instructeur"), lambda d: str(d.instructeur) if d.instructeur else ""),
        Colonne(_("À suivre"), lambda d: oui if d.a_suivre else non),
        Colonne(_("Créé le"), lambda d: _instant(d.cree_le)),
        Colonne(_("Déposé le"), lambda d: _instant(d.depose_le)),
        Colonne(_("Modifié le"), lambda d: _instant(d.modifie_le)),
        Colonne(_("Adresse du dossier"), _adresses()),
    ]


def dossiers_a_exporter(edition: AppelAProjets) -> QuerySet:
    """Les dossiers déposés de l'édition (jamais les brouillons), prêts pour l'export."""
    depenses = (
        LigneBudget.objects.filter(dossier=OuterRef("pk"), nature=LigneBudget.Nature.DEPENSE)
        .order_by()
        .values("dossier")
        .annotate(total=Sum("montant"))
        .values("total")
    )
    return (
        Dossier.objects.filter(edition=edition)
        .exclude(statut=Dossier.Statut.BROUILLON)
        .select_related("structure", "structure__commune", "instructeur")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("libelle")),
            "communes",
        )
        .annotate(
            total_depenses=Coalesce(
                Subquery(depenses, output_field=DecimalField(max_digits=11, decimal_places=2)),
                Value(Decimal("0")),
            )
        )
        .order_by("rang", "pk")
    )


def lignes(edition: AppelAProjets) -> Iterator[list]:
    """L'en-tête puis une ligne par dossier déposé, valeurs typées (nombres, dates)."""
    cols = colonnes()
    yield [c.entete for c in cols]
    for dossier in dossiers_a_exporter(edition).iterator(chunk_size=PAQUET):
        yield [c.valeur(dossier) for c in cols]


def nom_de_fichier(edition: AppelAProjets, format: str) -> str:
    return f"dossiers-aap-{edition.annee}.{format}"


# --- CSV ---------------------------------------------------------------------------


def neutraliser(valeur) -> object:
    """Une cellule qui commencerait par un signe de formule est préfixée d'une
    apostrophe : le tableur l'affiche comme du texte au lieu de l'exécuter."""
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DE_FORMULE):
        return "'" + valeur
    return valeur


def _texte_csv(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, datetime):
        return valeur.strftime("%d/%m/%Y %H:%M")
    if isinstance(valeur, Decimal):
        # Le séparateur décimal des tableurs français.
        return str(valeur).replace(".", ",")
    return str(neutraliser(valeur))


class _Tampon:
    """csv.writer écrit dans ce tampon, qui rend aussitôt ce qu'on lui donne."""

    def write(self, valeur: str) -> str:
        return valeur


def csv_en_flux(edition: AppelAProjets) -> Iterator[bytes]:
    """Le CSV, ligne par ligne : UTF-8 avec BOM (Excel le lit alors sans casser les
    accents), point-virgule (séparateur des tableurs français)."""
    ecrivain = csv.writer(_Tampon(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff".encode()
    for ligne in lignes(edition):
        yield ecrivain.writerow([_texte_csv(v) for v in ligne]).encode()


# --- XLSX et ODS -------------------------------------------------------------------


def xlsx_fichier(edition: AppelAProjets):
    """Le classeur XLSX dans un fichier temporaire (rembobiné), écrit par openpyxl en
    mode write_only : les lignes partent sur le disque au fil de l'eau."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(title=_("Dossiers {annee}").format(annee=edition.annee))
    gras = Font(bold=True)
    iterateur = lignes(edition)
    entete = []
    for titre in next(iterateur):
        cellule = WriteOnlyCell(feuille, value=titre)
        cellule.font = gras
        entete.append(cellule)
    feuille.append(entete)
    for ligne in iterateur:
        rangee = []
        for valeur in ligne:
            cellule = WriteOnlyCell(feuille, value=valeur)
            # openpyxl prend pour une formule toute chaîne qui commence par « = » :
            # le texte saisi par une structure reste du texte.
            if isinstance(valeur, str):
                cellule.data_type = "s"
            if isinstance(valeur, datetime):
                cellule.number_format = "DD/MM/YYYY HH:MM"
            rangee.append(cellule)
        feuille.append(rangee)
    fichier = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    classeur.save(fichier)
    fichier.seek(0)
    return fichier


def ods_octets(edition: AppelAProjets) -> bytes:
    """Le classeur ODS, par tablib (moteur odfpy) : toute chaîne y est une cellule
    de texte (office:value-type="string"), jamais une formule."""
    import tablib

    iterateur = lignes(edition)
    jeu = tablib.Dataset(
        headers=next(iterateur), title=_("Dossiers {annee}").format(annee=edition.annee)
    )
    for ligne in iterateur:
        jeu.append(ligne)
    return jeu.export("ods")
