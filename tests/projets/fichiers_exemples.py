"""De vrais petits fichiers de chaque format accepté, fabriqués par les
bibliothèques qui les écrivent (Pillow, odfpy, openpyxl) ou à la main selon leur
norme (PDF, DOCX), pour les tests des pièces jointes."""

import io
import zipfile


def pdf(*, rembourrage: int = 0, en_plus: bytes = b"") -> bytes:
    """Un PDF d'une page, table des références exacte ; `rembourrage` octets de
    commentaire pour le faire grossir, `en_plus` glissé dans le catalogue."""
    objets = [
        b"<< /Type /Catalog /Pages 2 0 R " + en_plus + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    sortie = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    if rembourrage:
        sortie += b"%" + b"r" * rembourrage + b"\n"
    positions = []
    for rang, objet in enumerate(objets, start=1):
        positions.append(len(sortie))
        sortie += b"%d 0 obj\n%s\nendobj\n" % (rang, objet)
    xref = len(sortie)
    sortie += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objets) + 1)
    for position in positions:
        sortie += b"%010d 00000 n \n" % position
    sortie += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objets) + 1,
        xref,
    )
    return bytes(sortie)


def _image(format_pillow: str, **options) -> bytes:
    from PIL import Image

    tampon = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 40)).save(tampon, format_pillow, **options)
    return tampon.getvalue()


def png(**options) -> bytes:
    return _image("PNG", **options)


def jpeg(**options) -> bytes:
    return _image("JPEG", **options)


def odt() -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text="Présentation du projet"))
    tampon = io.BytesIO()
    document.write(tampon)
    return tampon.getvalue()


def ods() -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Budget")
    ligne = TableRow()
    cellule = TableCell()
    cellule.addElement(P(text="Intervenante"))
    ligne.addElement(cellule)
    table.addElement(ligne)
    document.spreadsheet.addElement(table)
    tampon = io.BytesIO()
    document.write(tampon)
    return tampon.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    classeur = Workbook()
    classeur.active["A1"] = "Budget"
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


TYPES_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{type}"/>'
    "</Types>"
)
TYPE_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def docx(*, type_principal: str = TYPE_DOCUMENT, entrees: dict | None = None) -> bytes:
    """Un DOCX minimal selon ECMA-376 (types, relations, document)."""
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", TYPES_DOCX.format(type=type_principal))
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Projet'
            "</w:t></w:r></w:p></w:body></w:document>",
        )
        for nom, contenu in (entrees or {}).items():
            archive.writestr(nom, contenu)
    return tampon.getvalue()


def odf_a_la_main(*, mimetype: bytes, compresse: bool = False, avant: dict | None = None) -> bytes:
    """Un ODF fait à la main, pour les variantes fautives (mimetype compressé,
    entrée glissée devant…)."""
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        for nom, contenu in (avant or {}).items():
            archive.writestr(nom, contenu)
        archive.writestr(
            "mimetype", mimetype, zipfile.ZIP_DEFLATED if compresse else zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", "<manifest/>", zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return tampon.getvalue()


def zip_simple(entrees: dict, *, commentaire: bytes = b"") -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as archive:
        for nom, contenu in entrees.items():
            archive.writestr(nom, contenu)
        archive.comment = commentaire
    return tampon.getvalue()


# Chaque format accepté : (nom de fichier, fabrique, code attendu).
EXEMPLES = {
    "pdf": ("Règlement signé.pdf", pdf),
    "odt": ("présentation.odt", odt),
    "docx": ("présentation.docx", docx),
    "ods": ("budget.ods", ods),
    "xlsx": ("budget.xlsx", xlsx),
    "jpeg": ("photo.jpg", jpeg),
    "png": ("affiche.png", png),
}
