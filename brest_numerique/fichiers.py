"""Les fichiers déposés, vérifiés par leur contenu : le seul endroit du portail
qui décide qu'un fichier est bien un PDF, un ODT, un DOCX, un ODS, un XLSX, un
JPEG ou un PNG.

    reglement_pdf = models.FileField(validators=[TypesAutorises({"pdf"}, taille_max=…)])

La règle, volontairement stricte (un document refusé se réenregistre en deux clics,
un fichier piégé arrive chez les instructeurs) :

- le nom ne contient aucun chemin (« / », « \\ ») et son extension est celle d'un
  type accepté ; le contenu doit être de ce type-là (un PNG nommé .pdf est refusé) ;
- un programme (MZ, ELF, Mach-O, script « #! ») est refusé quel que soit son nom ;
- un fichier n'a qu'une seule nature (pas de polyglotte) : un PDF commence par
  « %PDF- » à l'octet 0, finit par « %%EOF » et n'est pas aussi une archive ZIP ;
  un JPEG ou un PNG s'arrête à la fin de l'image et ne contient aucune balise
  HTML ni script ; une archive bureautique commence à l'octet 0, finit à la fin
  du fichier et ne contient pas de « %PDF- » dans son premier kilo-octet ; aucun
  fichier ne porte de balise HTML dans la zone que lisent les navigateurs pour
  deviner un type (les 1 445 premiers octets) ;
- les ODT/ODS ont leur entrée « mimetype » en tête, non compressée ; les DOCX/XLSX
  déclarent leur document principal dans [Content_Types].xml ; les archives sans
  macros, sans mot de passe, aux entrées bornées (nombre, taille décompressée,
  taux de compression) : une « bombe » est refusée avant d'être décompressée,
  toute autre archive est décompressée en entier (contrôle CRC de chaque entrée) ;
- un PDF qui contient du JavaScript ou une action de lancement est refusé (dans
  ses objets en clair : ceux d'un flux compressé échappent à cette lecture).

Le validateur ne lève jamais que ValidationError, quels que soient les octets.
"""

import io
import secrets
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Format:
    code: str
    libelle: str
    mime: str
    extensions: tuple[str, ...]


FORMATS: dict[str, Format] = {
    f.code: f
    for f in (
        Format("pdf", "PDF", "application/pdf", ("pdf",)),
        Format("odt", "ODT", "application/vnd.oasis.opendocument.text", ("odt",)),
        Format(
            "docx",
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        Format("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet", ("ods",)),
        Format(
            "xlsx",
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ("xlsx",),
        ),
        Format("jpeg", "JPEG", "image/jpeg", ("jpg", "jpeg")),
        Format("png", "PNG", "image/png", ("png",)),
    )
}
CHOIX_DES_FORMATS = [(f.code, f.libelle) for f in FORMATS.values()]

# Zone où un navigateur cherche du HTML pour deviner un type (WHATWG, « MIME
# Sniffing », resource header) ; dans une image, on cherche partout.
ZONE_DE_FLAIR = 1445
BALISES = (b"<script", b"<html", b"<!doctype", b"<iframe", b"<svg", b"<?php", b"<body")
SIGNATURES_DE_PROGRAMMES = (
    b"MZ",  # Windows (PE), DOS
    b"\x7fELF",  # Linux, BSD
    b"\xfe\xed\xfa\xce",  # Mach-O (macOS)
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universel (et classes Java)
    b"#!",  # script
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_FIN = b"\x00\x00\x00\x00IEND\xaeB`\x82"
# Bornes des archives bureautiques (ODF, OOXML) : lues sans tout décompresser.
ZIP_ENTREES_MAX = 2000
ZIP_DECOMPRESSE_MAX = 100 * 1024 * 1024
ZIP_TAUX_MAX = 400  # au-delà (XML réel : 10 à 100), sur une entrée de plus d'1 Mo : une bombe
ZIP_LECTURE_MAX = 1024 * 1024  # [Content_Types].xml, mimetype
IMAGE_PIXELS_MAX = 50_000_000
NOM_LONGUEUR_MAX = 150
ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
OOXML = {
    "docx": (b"wordprocessingml.document.main+xml", "word/document.xml"),
    "xlsx": (b"spreadsheetml.sheet.main+xml", "xl/workbook.xml"),
}


class Refus(Exception):
    """Une raison de refus, en français, levée pendant l'examen du contenu."""


# --- Noms ---------------------------------------------------------------------


def extension(nom: str) -> str:
    base, point, ext = nom.rpartition(".")
    return ext.lower() if point and base.strip(". ") else ""


def nom_sur(nom: str) -> str:
    """Le nom tel qu'on l'affiche et le propose au téléchargement : dernier composant
    seulement, sans caractères invisibles, sans point en tête, au plus 150 caractères
    (l'extension gardée). Vide s'il ne reste rien de lisible. Jamais un chemin de
    stockage : les fichiers sont rangés sous un nom aléatoire (nom_de_stockage)."""
    nom = unicodedata.normalize("NFC", str(nom))
    nom = nom.replace("\\", "/").rsplit("/", 1)[-1]
    nom = "".join(c if unicodedata.category(c)[0] not in "CZ" else " " for c in nom)
    nom = " ".join(nom.split()).lstrip(". ")
    if len(nom) > NOM_LONGUEUR_MAX:
        ext = extension(nom)
        garde = NOM_LONGUEUR_MAX - len(ext) - 1 if 0 < len(ext) < 10 else NOM_LONGUEUR_MAX
        nom = nom[:garde].rstrip(". ") + (f".{ext}" if garde < NOM_LONGUEUR_MAX else "")
    return "" if nom in {"", ".", ".."} else nom


def nom_de_stockage(format_code: str) -> str:
    """128 bits aléatoires et l'extension du type détecté : rien du nom déposé."""
    return f"{secrets.token_hex(16)}.{FORMATS[format_code].extensions[0]}"


def taille_lisible(octets: int) -> str:
    """« 850 octets », « 12 ko », « 1,2 Mo »."""
    if octets < 1024:
        return _("%(n)s octets") % {"n": octets}
    if octets < 1024 * 1024:
        return _("%(n)s ko") % {"n": round(octets / 1024)}
    mega = octets / 1024 / 1024
    chiffres = 0 if mega >= 100 or mega == int(mega) else 1
    return _("%(n)s Mo") % {"n": number_format(round(mega, chiffres), chiffres, use_l10n=True)}


# --- Contenu ------------------------------------------------------------------


def _est_un_programme(contenu: bytes) -> bool:
    return contenu.startswith(SIGNATURES_DE_PROGRAMMES)


def _sans_balises(zone: bytes) -> None:
    zone = zone.lower()
    if any(balise in zone for balise in BALISES):
        raise Refus(
            _(
                "Ce fichier contient du code HTML ou un script caché\u00a0: il est refusé par sécurité."
            )
        )


def _pas_une_archive(contenu: bytes) -> None:
    if zipfile.is_zipfile(io.BytesIO(contenu)):
        raise Refus(_("Ce fichier contient aussi une archive ZIP cachée\u00a0: il est refusé."))


def _examiner_pdf(contenu: bytes) -> str:
    if not contenu.startswith((b"%PDF-1.", b"%PDF-2.")):
        raise Refus(None)
    if b"%%EOF" not in contenu[-1024:]:
        raise Refus(_("Ce PDF est incomplet ou suivi d'autres données\u00a0: il est refusé."))
    _pas_une_archive(contenu)
    _sans_balises(contenu[:ZONE_DE_FLAIR])
    if b"/JavaScript" in contenu or b"/Launch" in contenu:
        raise Refus(
            _(
                "Ce PDF contient du code actif (JavaScript ou lancement de programme)\u00a0: "
                "enregistrez-le de nouveau en PDF simple (Imprimer → Enregistrer au format PDF)."
            )
        )
    return "pdf"


def _examiner_image(contenu: bytes, code: str) -> str:
    if code == "png":
        if not contenu.startswith(PNG_SIGNATURE):
            raise Refus(None)
        complete = contenu.endswith(PNG_FIN)
    else:
        if not contenu.startswith(b"\xff\xd8\xff"):
            raise Refus(None)
        complete = contenu.rstrip(b"\x00").endswith(b"\xff\xd9")
    if not complete:
        raise Refus(
            _("Cette image est incomplète ou suivie d'autres données\u00a0: elle est refusée.")
        )
    _pas_une_archive(contenu)
    _sans_balises(contenu)
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(contenu)) as image:
                largeur, hauteur = image.size
                lu = image.format
                image.verify()
            if lu != {"png": "PNG", "jpeg": "JPEG"}[code]:
                raise Refus(None)
            if largeur * hauteur > IMAGE_PIXELS_MAX:
                raise Refus(_("Cette image est trop grande (plus de 50 millions de pixels)."))
            # Décodée en entier (taille bornée juste avant) : une image tronquée ou
            # abîmée au milieu ne passe pas pour une image.
            with Image.open(io.BytesIO(contenu)) as image:
                image.load()
    except Refus:
        raise
    # Pillow lit des octets hostiles : toute erreur de sa part (il en a de toutes
    # sortes, selon le décodeur) vaut refus, et rien d'autre ne sort d'ici.
    except Exception:
        raise Refus(_("Cette image est illisible ou endommagée.")) from None
    return code


def _examiner_archive(contenu: bytes) -> str:
    if not contenu.startswith(b"PK\x03\x04"):
        raise Refus(None)
    # La fin de l'archive est la fin du fichier : rien n'est collé après.
    if contenu.rfind(b"PK\x05\x06") != len(contenu) - 22:
        raise Refus(_("Ce document est suivi d'autres données\u00a0: il est refusé."))
    if b"%PDF-" in contenu[:1024]:
        raise Refus(_("Ce document est aussi un PDF (fichier polyglotte)\u00a0: il est refusé."))
    _sans_balises(contenu[:ZONE_DE_FLAIR])
    try:
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            return _examiner_entrees(contenu, archive)
    except Refus:
        raise
    # zipfile, zlib et struct lèvent des erreurs variées sur une archive forgée :
    # toutes valent « document endommagé ».
    except Exception:
        raise Refus(_("Ce document est endommagé (archive illisible).")) from None


def _examiner_entrees(contenu: bytes, archive: zipfile.ZipFile) -> str:
    entrees = archive.infolist()
    if not entrees or len(entrees) > ZIP_ENTREES_MAX:
        raise Refus(_("Ce document compte trop de parties pour être honnête."))
    if sum(e.file_size for e in entrees) > ZIP_DECOMPRESSE_MAX or any(
        e.file_size > 1024 * 1024 and e.file_size > ZIP_TAUX_MAX * max(e.compress_size, 1)
        for e in entrees
    ):
        raise Refus(_("Ce document se décompresse en un volume démesuré (archive piégée)."))
    if any(e.flag_bits & 0x1 for e in entrees):
        raise Refus(_("Ce document est protégé par un mot de passe\u00a0: enregistrez-le sans."))
    if entrees[0].header_offset != 0:
        raise Refus(_("Ce document est précédé d'autres données\u00a0: il est refusé."))
    noms = {e.filename for e in entrees}
    if any(n.startswith("/") or ".." in n.split("/") or "\\" in n for n in noms):
        raise Refus(_("Ce document contient des chemins de fichiers suspects."))
    if any(n.lower().endswith("vbaproject.bin") for n in noms):
        raise Refus(_("Ce document contient des macros\u00a0: enregistrez-le sans macros."))

    # Chaque entrée décompressée jusqu'au bout (zipfile vérifie alors son CRC), dans
    # la limite des tailles déclarées, elles-mêmes bornées ci-dessus.
    for entree in entrees:
        with archive.open(entree) as flux:
            while flux.read(64 * 1024):
                pass

    def lire(nom: str) -> bytes:
        with archive.open(nom) as entree:
            return entree.read(ZIP_LECTURE_MAX)

    # ODF : « mimetype » en tête, non compressé, à l'octet 30 (norme ODF 1.2, 3.3).
    if entrees[0].filename == "mimetype":
        code = ODF.get(lire("mimetype").strip())
        if (
            code is None
            or entrees[0].compress_type != zipfile.ZIP_STORED
            or contenu[30:38] != b"mimetype"
            or "META-INF/manifest.xml" not in noms
        ):
            raise Refus(None)
        return code
    if "[Content_Types].xml" in noms:
        types = lire("[Content_Types].xml")
        if b"macroEnabled" in types:
            raise Refus(_("Ce document contient des macros\u00a0: enregistrez-le sans macros."))
        for code, (type_principal, partie) in OOXML.items():
            if type_principal in types and partie in noms:
                return code
    raise Refus(None)


FAMILLES = {b"%PDF-": "pdf", PNG_SIGNATURE: "png", b"\xff\xd8\xff": "jpeg", b"PK\x03\x04": "zip"}


def _famille(contenu: bytes) -> str | None:
    for signature, famille in FAMILLES.items():
        if contenu.startswith(signature):
            return famille
    return None


def _famille_du_format(code: str) -> str:
    return "zip" if code in ("odt", "ods", "docx", "xlsx") else code


def detecter(contenu: bytes) -> str:
    """Le code du format (« pdf », « odt »…) que ces octets sont vraiment ; Refus
    avec une raison (ou None : « ce n'est aucun format connu ») sinon."""
    if _est_un_programme(contenu):
        raise Refus(_("Ce fichier est un programme\u00a0: il est refusé, quel que soit son nom."))
    if contenu.startswith(b"%PDF-"):
        return _examiner_pdf(contenu)
    if contenu.startswith(PNG_SIGNATURE):
        return _examiner_image(contenu, "png")
    if contenu.startswith(b"\xff\xd8\xff"):
        return _examiner_image(contenu, "jpeg")
    if contenu.startswith(b"PK\x03\x04"):
        return _examiner_archive(contenu)
    raise Refus(None)


def _nature(contenu: bytes) -> str:
    """Ce que filetype reconnaît dans ces octets (pour aider à renommer)."""
    try:
        trouve = filetype.guess(contenu[:8192])
    except Exception:  # une indication seulement, jamais une erreur
        return ""
    return trouve.extension.upper() if trouve else ""


# --- Le validateur ----------------------------------------------------------------


class TypesAutorises:
    """Validateur d'un fichier déposé (FileField, forms.FileField) : un des `types`
    (codes de FORMATS), d'au plus `taille_max` octets, vérifié par son contenu.
    `examiner(fichier)` rend le code du format reconnu."""

    def __init__(self, types, *, taille_max: int):
        inconnus = set(types) - set(FORMATS)
        if inconnus or not types:
            raise ValueError(f"Formats inconnus : {sorted(inconnus)}")
        self.types = tuple(sorted(set(types)))
        self.taille_max = taille_max

    def deconstruct(self) -> tuple:
        # Les types triés, en tuple : la migration écrite ne dépend pas de l'ordre d'un set.
        return (
            "brest_numerique.fichiers.TypesAutorises",
            (self.types,),
            {"taille_max": self.taille_max},
        )

    def __eq__(self, autre) -> bool:
        return (
            isinstance(autre, TypesAutorises)
            and self.types == autre.types
            and self.taille_max == autre.taille_max
        )

    def __hash__(self) -> int:
        return hash((self.types, self.taille_max))

    @property
    def formats_lisibles(self) -> str:
        return ", ".join(FORMATS[code].libelle for code in self.types)

    def __call__(self, fichier) -> None:
        # Un fichier déjà enregistré a été vérifié à son dépôt ; on ne relit pas le
        # stockage à chaque enregistrement du modèle.
        if getattr(fichier, "_committed", False) and getattr(fichier, "_file", None) is None:
            return
        self.examiner(fichier)

    def examiner(self, fichier) -> str:
        nom = str(getattr(fichier, "name", "") or "")
        annonce = self._format_annonce(nom)
        contenu = self._lire(fichier)
        if _est_un_programme(contenu):
            raise ValidationError(
                _("Ce fichier est un programme\u00a0: il est refusé, quel que soit son nom."),
                code="programme",
            )
        # D'abord la signature du début : un PNG nommé .pdf s'entend dire qu'il n'est
        # pas un PDF, avant tout détail sur l'image qu'il est.
        if _famille(contenu) != _famille_du_format(annonce):
            raise self._pas_le_format(annonce, None, contenu)
        try:
            reconnu = detecter(contenu)
        except Refus as refus:
            if refus.args[0]:
                raise ValidationError(refus.args[0], code="contenu") from None
            reconnu = None
        if reconnu != annonce:
            raise self._pas_le_format(annonce, reconnu, contenu)
        return reconnu

    def _pas_le_format(self, annonce: str, reconnu: str | None, contenu: bytes):
        message = _("Ce fichier n'est pas un %(format)s, malgré son nom.") % {
            "format": FORMATS[annonce].libelle
        }
        nature = FORMATS[reconnu].libelle if reconnu else _nature(contenu)
        if nature:
            message += " " + _("Son contenu est celui d'un fichier %(nature)s.") % {
                "nature": nature
            }
        return ValidationError(message, code="format")

    def _format_annonce(self, nom: str) -> str:
        if not nom or "/" in nom or "\\" in nom or "\x00" in nom:
            raise ValidationError(
                _("Le nom du fichier contient un chemin (« / » ou « \\ »)\u00a0: renommez-le."),
                code="nom",
            )
        ext = extension(nom)
        for code in self.types:
            if ext in FORMATS[code].extensions:
                return code
        raise ValidationError(
            _("Ce type de fichier n'est pas accepté ici. Formats acceptés\u00a0: %(formats)s.")
            % {"formats": self.formats_lisibles},
            code="type",
        )

    def _trop_gros(self, taille: int | None) -> ValidationError:
        if taille is None:
            message = _("Ce fichier dépasse %(max)s, le plus lourd accepté.")
        else:
            message = _("Ce fichier pèse %(taille)s\u00a0: %(max)s au plus.")
        return ValidationError(
            message
            % {"taille": taille_lisible(taille or 0), "max": taille_lisible(self.taille_max)},
            code="taille",
        )

    def _lire(self, fichier) -> bytes:
        try:
            taille = fichier.size
        except (OSError, ValueError, AttributeError, TypeError):
            taille = None
        if isinstance(taille, int) and taille > self.taille_max:
            raise self._trop_gros(taille)
        try:
            fichier.seek(0)
            contenu = fichier.read(self.taille_max + 1)
            fichier.seek(0)
        except (OSError, ValueError, AttributeError, TypeError):
            raise ValidationError(_("Ce fichier n'a pas pu être lu."), code="illisible") from None
        if not isinstance(contenu, bytes):
            raise ValidationError(_("Ce fichier n'a pas pu être lu."), code="illisible")
        if len(contenu) > self.taille_max:
            raise self._trop_gros(None)
        if not contenu:
            raise ValidationError(_("Ce fichier est vide."), code="vide")
        return contenu
