"""La lecture des tableaux que les utilisateurs déposent (CSV ou XLSX) : la liste
des logements d'un secteur, les impayés d'un relevé.

Un seul lecteur pour tous les imports de fichiers déposés, parce que chacun doit
refuser de la même façon, en français, tout ce qui n'est pas un tableau lisible :
un classeur est vérifié par son contenu (brest_numerique/fichiers.py) ; un CSV doit
être du texte (ni octet nul, ni programme, ni balise HTML), en UTF-8 ou en
Windows-1252, et bien formé. Le module csv lève `csv.Error` sur une cellule de plus
de 128 Kio ou un guillemet mal fermé : ici, cela devient une ValidationError avec
le numéro de la ligne, au lieu d'une erreur 500.

Chaque cellule est rendue en texte, sans espaces autour ("" pour une case vide).
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from brest_numerique.fichiers import (
    BALISES,
    SIGNATURES_DE_PROGRAMMES,
    ZONE_DE_FLAIR,
    TypesAutorises,
)

TAILLE_MAX = 5 * 1024 * 1024


def _cellule(valeur) -> str:
    return "" if valeur is None else str(valeur).strip()


def _texte_csv(contenu: bytes) -> str:
    if b"\x00" in contenu or contenu.startswith(SIGNATURES_DE_PROGRAMMES):
        raise ValidationError(
            _("Ce fichier n'est pas un CSV\u00a0: il contient des données binaires."),
            code="illisible",
        )
    if any(balise in contenu[:ZONE_DE_FLAIR].lower() for balise in BALISES):
        raise ValidationError(
            _("Ce fichier contient des balises HTML\u00a0: il est refusé."), code="illisible"
        )
    for codage in ("utf-8-sig", "cp1252"):
        try:
            return contenu.decode(codage)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _("Ce fichier CSV n'est ni en UTF-8 ni en Windows-1252."), code="illisible"
    )


def raison_en_francais(exc: csv.Error) -> str:
    """Ce que dit `csv.Error` (en anglais), pour la personne qui a fait le fichier."""
    if "field larger than field limit" in str(exc):
        return _("une cellule dépasse %(limite)s caractères") % {
            "limite": f"{csv.field_size_limit():_}".replace("_", "\u202f")
        }
    return _("guillemet ou séparateur mal placé")


def _lire_csv(contenu: bytes) -> list[list[str]]:
    texte = _texte_csv(contenu)
    premiere = texte.split("\n", 1)[0]
    separateur = ";" if premiere.count(";") >= premiere.count(",") else ","
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)
    try:
        return [[_cellule(c) for c in ligne] for ligne in lecteur]
    except csv.Error as exc:
        raise ValidationError(
            _("Ligne %(ligne)s\u00a0: ce CSV est mal formé (%(erreur)s).")
            % {"ligne": lecteur.line_num, "erreur": raison_en_francais(exc)},
            code="illisible",
        ) from None


def _lire_xlsx(fichier, taille_max: int) -> list[list[str]]:
    from openpyxl import load_workbook

    TypesAutorises({"xlsx"}, taille_max=taille_max).examiner(fichier)
    fichier.seek(0)
    try:
        classeur = load_workbook(fichier, read_only=True, data_only=True)
    except Exception:
        raise ValidationError(_("Ce classeur XLSX est illisible."), code="illisible") from None
    try:
        feuille = classeur.worksheets[0]
        return [[_cellule(c) for c in ligne] for ligne in feuille.iter_rows(values_only=True)]
    except Exception:
        raise ValidationError(_("Ce classeur XLSX est illisible."), code="illisible") from None
    finally:
        classeur.close()


def lire_tableau(fichier, *, taille_max: int = TAILLE_MAX) -> list[list[str]]:
    """Les lignes du fichier déposé (en-tête compris), chaque cellule en texte ;
    ValidationError en français pour tout fichier qui n'est pas un tableau lisible."""
    nom = str(getattr(fichier, "name", "") or "").lower()
    if getattr(fichier, "size", 0) > taille_max:
        raise ValidationError(
            _("Le fichier dépasse %(mo)s\u00a0Mo.") % {"mo": taille_max // (1024 * 1024)},
            code="taille",
        )
    if nom.endswith(".xlsx"):
        return _lire_xlsx(fichier, taille_max)
    if nom.endswith(".csv"):
        fichier.seek(0)
        return _lire_csv(fichier.read())
    raise ValidationError(
        _("Déposez un fichier CSV (.csv) ou un classeur Excel (.xlsx)."), code="format"
    )
