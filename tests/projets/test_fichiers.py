"""Le validateur des fichiers déposés (brest_numerique/fichiers.py) : chaque
format reconnu par son contenu, chaque refus (programme renommé, polyglotte,
archive piégée, nom à chemin, type non autorisé, trop gros), et des propriétés :
des octets quelconques ne passent que s'ils sont vraiment du type annoncé, et le
validateur ne lève jamais que ValidationError."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.migrations.writer import MigrationWriter
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brest_numerique.fichiers import FORMATS, TypesAutorises, extension, nom_sur, taille_lisible
from tests.projets import fichiers_exemples as ex

TOUS = TypesAutorises(FORMATS, taille_max=1024 * 1024)


def examiner(nom: str, contenu: bytes, validateur: TypesAutorises = TOUS) -> str:
    # ContentFile garde le nom tel quel (UploadedFile le réduirait déjà à son dernier composant).
    return validateur.examiner(ContentFile(contenu, name=nom))


def refus(nom: str, contenu: bytes, validateur: TypesAutorises = TOUS) -> ValidationError:
    with pytest.raises(ValidationError) as erreur:
        examiner(nom, contenu, validateur)
    return erreur.value


@pytest.fixture(autouse=True)
def _en_francais():
    with translation.override("fr"):
        yield


def _chunk_png(nature: bytes, donnees: bytes) -> bytes:
    return (
        struct.pack(">I", len(donnees))
        + nature
        + donnees
        + struct.pack(">I", zlib.crc32(nature + donnees))
    )


# --- Acceptés -----------------------------------------------------------------------


@pytest.mark.parametrize("code", list(ex.EXEMPLES))
def test_chaque_format_accepte_est_reconnu_par_son_contenu(code):
    nom, fabrique = ex.EXEMPLES[code]
    assert examiner(nom, fabrique()) == code


def test_un_jpeg_peut_s_appeler_jpg_ou_jpeg_et_l_extension_en_majuscules():
    assert examiner("photo.JPEG", ex.jpeg()) == "jpeg"
    assert examiner("PHOTO.JPG", ex.jpeg()) == "jpeg"


def test_un_pdf_ecrit_par_weasyprint_est_accepte():
    from weasyprint import HTML

    contenu = HTML(string="<h1>Règlement de l'appel à projets</h1>").write_pdf()
    assert examiner("règlement.pdf", contenu) == "pdf"


# --- Nom et type annoncé -------------------------------------------------------------


def test_le_contenu_doit_etre_celui_de_l_extension():
    erreur = refus("rapport.pdf", ex.png())
    assert erreur.messages == [
        "Ce fichier n'est pas un PDF, malgré son nom. Son contenu est celui d'un fichier PNG."
    ]
    assert "n'est pas un ODS" in refus("budget.ods", ex.xlsx()).messages[0]
    assert "n'est pas un DOCX" in refus("projet.docx", ex.odt()).messages[0]


def test_un_type_non_autorise_est_refuse_meme_s_il_est_reconnu():
    seulement_pdf = TypesAutorises({"pdf"}, taille_max=1024 * 1024)
    erreur = refus("affiche.png", ex.png(), seulement_pdf)
    assert erreur.messages == [
        "Ce type de fichier n'est pas accepté ici. Formats acceptés\u00a0: PDF."
    ]
    for nom in ("notes.txt", "page.html", "script.exe", "sans-extension", ".pdf", "archive.zip"):
        assert refus(nom, b"quelque chose").code == "type"


@pytest.mark.parametrize(
    "nom", ["../../etc/passwd.pdf", "C:\\x\\a.pdf", "/tmp/a.pdf", "dossier/a.pdf", "a\x00.pdf"]
)
def test_un_nom_avec_un_chemin_est_refuse(nom):
    erreur = refus(nom, ex.pdf())
    assert erreur.code == "nom"
    assert "chemin" in erreur.messages[0]


def test_le_nom_affiche_est_le_dernier_composant_sans_caracteres_invisibles():
    assert nom_sur("../../etc/passwd.pdf") == "passwd.pdf"
    assert nom_sur("C:\\x\\a.pdf") == "a.pdf"
    assert nom_sur("  ..cache.pdf") == "cache.pdf"
    assert nom_sur("bi\u202efdp.exe.pdf") == "bi fdp.exe.pdf"  # inversion de sens
    assert nom_sur("a\r\nb.pdf") == "a b.pdf"
    assert nom_sur("../..") == ""
    long = nom_sur("é" * 400 + ".docx")
    assert len(long) == 150 and long.endswith(".docx")


# --- Programmes, polyglottes, formats piégés ---------------------------------------------


@pytest.mark.parametrize(
    "debut",
    [b"MZ\x90\x00\x03\x00\x00\x00", b"\x7fELF\x02\x01\x01", b"\xcf\xfa\xed\xfe", b"#!/bin/sh\n"],
)
def test_un_programme_renomme_est_refuse(debut):
    erreur = refus("rapport.pdf", debut + b"\x00" * 200)
    assert erreur.messages == [
        "Ce fichier est un programme\u00a0: il est refusé, quel que soit son nom."
    ]


def test_un_pdf_qui_est_aussi_une_archive_zip_est_refuse():
    archive = ex.zip_simple({"charge.exe": b"MZ" + b"\x00" * 100}, commentaire=b"\n%%EOF\n")
    erreur = refus("rapport.pdf", ex.pdf() + archive)
    assert "archive ZIP cachée" in erreur.messages[0]


def test_un_pdf_qui_ne_commence_pas_par_l_en_tete_pdf_est_refuse():
    # Les lecteurs PDF tolèrent 1 Ko avant « %PDF- » : c'est la place d'un autre format.
    assert "n'est pas un PDF" in refus("a.pdf", b"<html>" + ex.pdf()).messages[0]
    assert "n'est pas un PDF" in refus("a.pdf", ex.png() + ex.pdf()).messages[0]


def test_un_pdf_suivi_d_autres_donnees_ou_tronque_est_refuse():
    assert "incomplet" in refus("a.pdf", ex.pdf() + b"\x00" * 2000).messages[0]
    assert "incomplet" in refus("a.pdf", ex.pdf()[:-40]).messages[0]


def test_un_pdf_avec_du_html_en_tete_ou_du_javascript_est_refuse():
    html = ex.pdf().replace(b"%\xe2\xe3\xcf\xd3", b"%<script>alert(1)</script>")
    assert "HTML" in refus("a.pdf", html).messages[0]
    actif = ex.pdf(en_plus=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")
    assert "code actif" in refus("a.pdf", actif).messages[0]
    lancement = ex.pdf(en_plus=b"/OpenAction << /S /Launch /F (calc.exe) >> ")
    assert "code actif" in refus("a.pdf", lancement).messages[0]


def test_un_jpeg_qui_contient_un_script_html_est_refuse():
    commentaire = b"<html><script>alert(document.cookie)</script></html>"
    segment = b"\xff\xfe" + struct.pack(">H", len(commentaire) + 2) + commentaire
    image = ex.jpeg()
    piegee = image[:2] + segment + image[2:]
    assert examiner("photo.jpg", image) == "jpeg"
    assert "HTML" in refus("photo.jpg", piegee).messages[0]


def test_un_png_qui_porte_du_html_dans_ses_metadonnees_est_refuse():
    image = ex.png()
    texte = _chunk_png(b"tEXt", b"Comment\x00<svg onload=alert(1)>")
    piegee = image[:33] + texte + image[33:]
    assert "HTML" in refus("affiche.png", piegee).messages[0]


def test_une_image_suivie_d_une_archive_ou_de_donnees_est_refusee():
    assert "suivie d'autres données" in refus("a.png", ex.png() + b"charge").messages[0]
    assert "suivie d'autres données" in refus("a.jpg", ex.jpeg() + ex.docx()).messages[0]
    # Archive collée dont le commentaire finit comme un PNG : c'est l'archive qui parle.
    archive = ex.zip_simple({"a.txt": b"x"}, commentaire=ex.png()[-12:])
    assert "archive ZIP" in refus("a.png", ex.png() + archive).messages[0]


def test_une_image_illisible_est_refusee():
    image = bytearray(ex.png())
    image[20] ^= 0xFF  # la largeur, sous le CRC de l'en-tête
    assert "illisible" in refus("a.png", bytes(image)).messages[0]


def test_un_document_bureautique_precede_suivi_ou_doublé_d_un_pdf_est_refuse():
    assert "n'est pas un ODT" in refus("a.odt", b"JUNK" + ex.odt()).messages[0]
    assert "suivi d'autres données" in refus("a.odt", ex.odt() + b"JUNK").messages[0]
    polyglotte = ex.odf_a_la_main(
        mimetype=b"application/vnd.oasis.opendocument.text",
        avant={"%PDF-1.4 leurre.txt": b"x"},
    )
    assert "polyglotte" in refus("a.odt", polyglotte).messages[0]


def test_un_odf_dont_le_mimetype_n_est_pas_en_tete_et_non_compresse_est_refuse():
    bon = ex.odf_a_la_main(mimetype=b"application/vnd.oasis.opendocument.text")
    assert examiner("a.odt", bon) == "odt"
    compresse = ex.odf_a_la_main(
        mimetype=b"application/vnd.oasis.opendocument.text", compresse=True
    )
    assert refus("a.odt", compresse).code == "format"
    deplace = ex.odf_a_la_main(
        mimetype=b"application/vnd.oasis.opendocument.text", avant={"content2.xml": b"<x/>"}
    )
    assert refus("a.odt", deplace).code == "format"
    presentation = ex.odf_a_la_main(mimetype=b"application/vnd.oasis.opendocument.presentation")
    assert refus("a.odt", presentation).code == "format"


def test_un_document_a_macros_est_refuse():
    macros = "application/vnd.ms-word.document.macroEnabled.main+xml"
    assert "macros" in refus("a.docx", ex.docx(type_principal=macros)).messages[0]
    vba = ex.docx(entrees={"word/vbaProject.bin": b"\x00" * 10})
    assert "macros" in refus("a.docx", vba).messages[0]


def test_une_archive_piegee_est_refusee_sans_etre_decompressee():
    bombe = ex.docx(entrees={"word/media/vide.bin": b"\x00" * (5 * 1024 * 1024)})
    assert len(bombe) < 20_000
    assert "démesuré" in refus("a.docx", bombe).messages[0]
    foule = ex.docx(entrees={f"word/p{n}.xml": b"" for n in range(2001)})
    assert (
        "trop de parties"
        in refus("a.docx", foule, TypesAutorises({"docx"}, taille_max=10**7)).messages[0]
    )
    chemins = ex.docx(entrees={"../../evil.sh": b"x"})
    assert "chemins" in refus("a.docx", chemins).messages[0]


def test_un_gros_classeur_tres_compressible_n_est_pas_pris_pour_une_bombe():
    from openpyxl import Workbook

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("Budget")
    for rang in range(20_000):
        feuille.append(["Intervenante", "Atelier vidéo", rang, 150.0, "=C1*D1"])
    tampon = io.BytesIO()
    classeur.save(tampon)
    with zipfile.ZipFile(io.BytesIO(tampon.getvalue())) as archive:
        feuille_xml = archive.getinfo("xl/worksheets/sheet1.xml")
        assert feuille_xml.file_size > 1024 * 1024
    assert examiner("budget.xlsx", tampon.getvalue()) == "xlsx"


def test_une_archive_endommagee_est_refusee_proprement():
    archive = bytearray(ex.docx())
    archive[40:60] = b"\xff" * 20
    assert refus("a.docx", bytes(archive)).code in {"contenu", "format"}


# --- Taille ---------------------------------------------------------------------------


def test_un_fichier_trop_gros_ou_vide_est_refuse():
    petit = TypesAutorises({"pdf"}, taille_max=1000)
    erreur = refus("gros.pdf", ex.pdf(rembourrage=3000), petit)
    assert erreur.messages == ["Ce fichier pèse 3 ko\u00a0: 1000 octets au plus."]
    assert refus("vide.pdf", b"").messages == ["Ce fichier est vide."]


def test_une_taille_annoncee_mensongere_ne_trompe_pas_le_plafond():
    petit = TypesAutorises({"pdf"}, taille_max=1000)
    fichier = ContentFile(ex.pdf(rembourrage=3000), name="gros.pdf")
    fichier.size = 10
    with pytest.raises(ValidationError) as erreur:
        petit.examiner(fichier)
    assert erreur.value.code == "taille"


def test_les_tailles_se_lisent_en_francais():
    assert taille_lisible(850) == "850 octets"
    assert taille_lisible(12 * 1024) == "12 ko"
    assert taille_lisible(int(1.2 * 1024 * 1024)) == "1,2 Mo"
    assert taille_lisible(50 * 1024 * 1024) == "50 Mo"


# --- Le validateur comme réglage de champ --------------------------------------------


def test_le_validateur_s_ecrit_dans_une_migration_toujours_de_la_meme_facon():
    un = TypesAutorises({"png", "pdf", "odt"}, taille_max=10)
    deux = TypesAutorises(["odt", "pdf", "png"], taille_max=10)
    assert un == deux and hash(un) == hash(deux)
    assert MigrationWriter.serialize(un) == MigrationWriter.serialize(deux)
    assert "('odt', 'pdf', 'png')" in MigrationWriter.serialize(un)[0]
    assert un != TypesAutorises({"pdf"}, taille_max=10)
    with pytest.raises(ValueError, match="exe"):
        TypesAutorises({"pdf", "exe"}, taille_max=10)


def test_un_fichier_deja_enregistre_n_est_pas_relu():
    class Enregistre:
        _committed = True
        _file = None

    TOUS(Enregistre())  # ne lit rien, ne lève rien


# --- Propriétés -----------------------------------------------------------------------

NOMS = st.one_of(
    st.text(max_size=60),
    st.builds(
        lambda base, ext: f"{base}.{ext}",
        st.text(max_size=20),
        st.sampled_from([e for f in FORMATS.values() for e in f.extensions] + ["exe", "zip"]),
    ),
)
VRAIS = [fabrique() for _nom, fabrique in ex.EXEMPLES.values()]


def vraiment_du_type(contenu: bytes, code: str) -> bool:
    """L'avis des bibliothèques qui lisent ces formats, indépendamment du validateur."""
    if code == "pdf":
        return contenu.startswith(b"%PDF-") and not zipfile.is_zipfile(io.BytesIO(contenu))
    if code in ("png", "jpeg"):
        from PIL import Image

        try:
            with Image.open(io.BytesIO(contenu)) as image:
                image.load()
                return image.format == code.upper()
        except Exception:
            return False
    try:
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            if archive.testzip() is not None:
                return False
            noms = archive.namelist()
            if code in ("odt", "ods"):
                attendu = FORMATS[code].mime.encode()
                return noms[0] == "mimetype" and archive.read("mimetype") == attendu
            partie = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[code]
            return partie in noms
    except Exception:
        return False


def _verdict(nom: str, contenu: bytes) -> None:
    try:
        code = examiner(nom, contenu)
    except ValidationError:
        return
    assert extension(nom) in FORMATS[code].extensions
    assert vraiment_du_type(contenu, code)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contenu=st.binary(max_size=3000), nom=NOMS)
def test_des_octets_quelconques_ne_passent_jamais(contenu, nom):
    with pytest.raises(ValidationError):
        examiner(nom, contenu)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    vrai=st.sampled_from(VRAIS),
    position=st.integers(min_value=0, max_value=6000),
    insertion=st.binary(max_size=64),
    coupe=st.integers(min_value=0, max_value=64),
    nom=NOMS,
)
def test_un_vrai_fichier_abime_ne_passe_que_s_il_reste_du_type_annonce(
    vrai, position, insertion, coupe, nom
):
    position = position % (len(vrai) + 1)
    abime = vrai[:position] + insertion + vrai[position + coupe :]
    _verdict(nom, abime)


@settings(max_examples=150, deadline=None)
@given(vrai=st.sampled_from(VRAIS), suite=st.binary(min_size=1, max_size=200), nom=NOMS)
def test_rien_ne_se_colle_a_un_vrai_fichier(vrai, suite, nom):
    _verdict(nom, suite + vrai)
    _verdict(nom, vrai + suite)


@given(nom=st.text(max_size=400))
def test_le_nom_affiche_n_est_jamais_un_chemin(nom):
    propre = nom_sur(nom)
    assert "/" not in propre and "\\" not in propre
    assert not propre.startswith((".", " "))
    assert len(propre) <= 150
    assert propre == nom_sur(propre)
    assert all(c.isprintable() for c in propre)
