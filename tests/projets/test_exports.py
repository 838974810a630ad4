"""Les exports : tableaux d'une édition (CSV, XLSX, ODS) pour l'instruction,
récapitulatif PDF, ZIP d'un dossier, données d'une structure ; leurs droits et leur
nombre de requêtes."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
import tablib
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from projets.exports.archives import NomsUniques, nom_sur
from projets.models import Dossier, LigneBudget, Theme
from tests.factories import UserFactory
from tests.projets.factories import (
    DossierFactory,
    EditionFactory,
    StructureFactory,
    candidat,
    dossier_depose,
)

pytestmark = pytest.mark.django_db

ENTETES = 20  # colonnes de l'export
# Session, compte, droits, puis un paquet de dossiers et ses préchargements.
PLAFOND = 12


@pytest.fixture
def edition():
    return EditionFactory()


@pytest.fixture
def instructeur_de_l_edition(instructeur, edition):
    edition.instructeurs.add(instructeur)
    return instructeur


def deposes_en_masse(edition, nombre: int, *, premier: int = 1) -> list[Dossier]:
    """`nombre` dossiers déposés, écrits d'un coup (l'export ne fait que les lire)."""
    structures = StructureFactory.create_batch(3)
    theme = edition.themes.first()
    maintenant = timezone.now()
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            edition=edition,
            structure=structures[rang % 3],
            titre=f"Projet {rang}",
            resume="Résumé",
            description="Description",
            publics=["jeunes", "seniors"],
            montant_demande=Decimal("1000"),
            statut=Dossier.Statut.EN_INSTRUCTION,
            rang=rang,
            numero=f"AAP-{edition.annee}-{rang:04d}",
            depose_le=maintenant,
        )
        for rang in range(premier, premier + nombre)
    )
    LigneBudget.objects.bulk_create(
        LigneBudget(dossier=d, nature="depense", libelle="Matériel", montant=Decimal("2500"))
        for d in dossiers
    )
    Dossier.themes.through.objects.bulk_create(
        Dossier.themes.through(dossier_id=d.pk, theme_id=theme.pk) for d in dossiers
    )
    return dossiers


def _url_export(edition, format):
    return reverse("instruction:export", kwargs={"annee": edition.annee, "format": format})


def _contenu(reponse) -> bytes:
    return b"".join(reponse.streaming_content)


def lire(format: str, contenu: bytes) -> list[list]:
    """Les lignes de l'export, relues par la bibliothèque de chaque format."""
    if format == "csv":
        assert contenu.startswith("\ufeff".encode())
        texte = contenu.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(texte), delimiter=";"))
    if format == "xlsx":
        feuille = load_workbook(io.BytesIO(contenu), read_only=True).active
        return [list(rangee) for rangee in feuille.iter_rows(values_only=True)]
    jeu = tablib.Dataset().load(contenu, format="ods")
    return [list(jeu.headers), *[list(rangee) for rangee in jeu]]


# --- Contenu des trois formats ------------------------------------------------------


@pytest.mark.parametrize("format", ["csv", "xlsx", "ods"])
def test_l_export_a_une_ligne_par_dossier_depose_avec_son_adresse(
    client, edition, instructeur_de_l_edition, format
):
    depose = dossier_depose(edition=edition, titre="Ateliers photo", montant_demande=1500)
    depose.themes.add(edition.themes.first())
    DossierFactory(edition=edition, titre="Brouillon secret")
    dossier_depose(titre="Dossier d'une autre édition")
    client.force_login(instructeur_de_l_edition)

    reponse = client.get(_url_export(edition, format))

    assert reponse.status_code == 200
    assert reponse.streaming
    assert f"dossiers-aap-{edition.annee}.{format}" in reponse["Content-Disposition"]
    assert "no-store" in reponse["Cache-Control"]
    rangees = lire(format, _contenu(reponse))
    entete, *dossiers = rangees
    assert len(entete) == ENTETES
    assert entete[0] == "Numéro" and entete[-1] == "Adresse du dossier"
    assert len(dossiers) == 1, "ni brouillon ni dossier d'une autre édition"
    ligne = dict(zip(entete, dossiers[0], strict=True))
    assert ligne["Numéro"] == depose.numero
    assert ligne["Titre"] == "Ateliers photo"
    assert ligne["Structure"] == depose.structure.nom
    assert ligne["RNA"] == depose.structure.rna
    assert ligne["Thèmes"] == "Lien social"
    assert ligne["Publics"] == "Jeunes (12-25 ans)"
    assert ligne["État"] == "Déposé"
    adresse = settings.SITE_URL + reverse("instruction:dossier", kwargs={"dossier": depose.pk})
    assert ligne["Adresse du dossier"] == adresse
    assert adresse.startswith("http")
    attendus = {"csv": ("1500,00", "4000,00"), "xlsx": (1500, 4000), "ods": (1500, 4000)}
    assert (ligne["Montant demandé (€)"], ligne["Total des dépenses (€)"]) == attendus[format]


@pytest.mark.parametrize("format", ["csv", "xlsx", "ods"])
def test_une_formule_saisie_par_une_structure_reste_du_texte(
    client, edition, instructeur_de_l_edition, format
):
    dossier_depose(edition=edition, titre='=HYPERLINK("http://pirate.example","clic")')
    dossier_depose(edition=edition, titre="@SUM(A1:A9)", structure=StructureFactory(nom="+33"))
    client.force_login(instructeur_de_l_edition)

    contenu = _contenu(client.get(_url_export(edition, format)))

    titres = [ligne[1] for ligne in lire(format, contenu)[1:]]
    structures = [ligne[2] for ligne in lire(format, contenu)[1:]]
    if format == "csv":
        assert titres == ['\'=HYPERLINK("http://pirate.example","clic")', "'@SUM(A1:A9)"]
        assert structures[1] == "'+33"
    else:
        # XLSX et ODS typent la cellule : du texte, jamais une formule.
        assert titres == ['=HYPERLINK("http://pirate.example","clic")', "@SUM(A1:A9)"]
        if format == "xlsx":
            feuille = load_workbook(io.BytesIO(contenu)).active
            assert feuille["B2"].data_type == "s"
            assert b"<f>" not in zipfile.ZipFile(io.BytesIO(contenu)).read(
                "xl/worksheets/sheet1.xml"
            )
        else:
            xml = zipfile.ZipFile(io.BytesIO(contenu)).read("content.xml")
            assert b"table:formula" not in xml


def test_un_format_inconnu_est_introuvable(client, edition, instructeur_de_l_edition):
    client.force_login(instructeur_de_l_edition)
    assert client.get(_url_export(edition, "xls")).status_code == 404
    assert client.get(_url_export(edition, "pdf")).status_code == 404


# --- Requêtes bornées --------------------------------------------------------------


@pytest.mark.parametrize("format", ["csv", "xlsx", "ods"])
def test_l_export_coute_autant_de_requetes_pour_50_que_pour_200_dossiers(
    client, edition, instructeur_de_l_edition, django_assert_max_num_queries, format
):
    client.force_login(instructeur_de_l_edition)
    # Un premier affichage garde les droits du compte (comptes/droits.py) : on compare
    # ensuite des affichages ordinaires.
    client.get(_url_export(edition, format))
    comptes = []
    for nombre, premier in ((50, 1), (150, 51)):  # 50 dossiers, puis 200
        deposes_en_masse(edition, nombre, premier=premier)
        with django_assert_max_num_queries(PLAFOND) as requetes:
            rangees = lire(format, _contenu(client.get(_url_export(edition, format))))
        assert len(rangees) == 1 + premier + nombre - 1
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1]


# --- Droits ------------------------------------------------------------------------


def test_un_instructeur_d_une_autre_edition_est_refuse(client, edition, instructeur):
    EditionFactory().instructeurs.add(instructeur)
    dossier = dossier_depose(edition=edition)
    client.force_login(instructeur)

    assert client.get(_url_export(edition, "csv")).status_code == 403
    for nom in ("instruction:dossier_pdf", "instruction:dossier_zip"):
        assert client.get(reverse(nom, kwargs={"dossier": dossier.pk})).status_code == 403


def test_l_anonyme_va_se_connecter(client, edition):
    dossier = dossier_depose(edition=edition)
    adresses = [
        _url_export(edition, "xlsx"),
        reverse("instruction:dossier_zip", kwargs={"dossier": dossier.pk}),
        reverse("projets:dossier_pdf", kwargs={"dossier": dossier.pk}),
        reverse("projets:structure_donnees", kwargs={"structure": dossier.structure_id}),
    ]
    for adresse in adresses:
        reponse = client.get(adresse)
        assert reponse.status_code == 302
        assert reponse["Location"].startswith(reverse("account_login"))


def test_un_candidat_ne_voit_ni_le_pdf_ni_les_donnees_d_une_autre_structure(client):
    autre = dossier_depose()
    client.force_login(candidat())

    assert (
        client.get(reverse("projets:dossier_pdf", kwargs={"dossier": autre.pk})).status_code == 404
    )
    for nom in ("projets:structure_donnees", "projets:structure_donnees_json"):
        adresse = reverse(nom, kwargs={"structure": autre.structure_id})
        assert client.get(adresse).status_code == 404


def test_un_numero_hors_bornes_est_introuvable_jamais_une_erreur(client, administrateur):
    enorme = 10**20  # au-delà des entiers de PostgreSQL
    client.force_login(administrateur)
    adresses = [
        reverse("instruction:export", kwargs={"annee": enorme, "format": "csv"}),
        reverse("instruction:dossier_pdf", kwargs={"dossier": enorme}),
        reverse("instruction:dossier_zip", kwargs={"dossier": enorme}),
        reverse("projets:dossier_pdf", kwargs={"dossier": enorme}),
        reverse("projets:structure_donnees_json", kwargs={"structure": enorme}),
    ]
    for adresse in adresses:
        assert client.get(adresse).status_code == 404, adresse


def test_l_instruction_ne_voit_pas_un_brouillon(client, edition, instructeur_de_l_edition):
    brouillon = DossierFactory(edition=edition)
    client.force_login(instructeur_de_l_edition)
    adresse = reverse("instruction:dossier_pdf", kwargs={"dossier": brouillon.pk})
    assert client.get(adresse).status_code == 403


# --- PDF et ZIP --------------------------------------------------------------------


def _texte_du_pdf(contenu: bytes) -> str:
    assert contenu.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(contenu)).pages)


def test_le_membre_telecharge_le_recapitulatif_de_son_dossier(client):
    dossier = dossier_depose(titre="Fablab <script>alert(1)</script>")
    client.force_login(dossier.structure.membres.get().user)

    reponse = client.get(reverse("projets:dossier_pdf", kwargs={"dossier": dossier.pk}))

    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    texte = _texte_du_pdf(reponse.content)
    assert dossier.numero in texte
    assert "Fablab <script>alert(1)</script>" in texte  # échappé, donc affiché tel quel
    assert "Intervenante" in texte and "Fonds propres" in texte  # le budget
    assert "Pièces jointes" in texte
    # Balisé pour les lecteurs d'écran (PDF/UA), en français.
    racine = PdfReader(io.BytesIO(reponse.content)).trailer["/Root"]
    assert "/StructTreeRoot" in racine and racine["/Lang"] == "fr"


def test_le_pdf_ne_va_chercher_aucune_ressource_au_dehors(settings):
    from projets.exports.pdf import RessourceRefusee, _fetcher, _fichier_statique

    base = settings.SITE_URL
    assert _fichier_statique(f"{base}/static/favicon.svg") is not None
    for adresse in (
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        f"{base}/static/../../etc/passwd",
        f"{base}/media/secret.pdf",
        "https://exemple.fr/static/favicon.svg",
    ):
        assert _fichier_statique(adresse) is None, adresse
        with pytest.raises(RessourceRefusee):
            _fetcher().fetch(adresse)
    reponse = _fetcher().fetch(f"{base}/static/favicon.svg")
    assert reponse.content_type == "image/svg+xml" and reponse.read().startswith(b"<svg")


def test_l_instructeur_telecharge_le_zip_du_dossier(client, edition, instructeur_de_l_edition):
    dossier = dossier_depose(edition=edition)
    client.force_login(instructeur_de_l_edition)

    reponse = client.get(reverse("instruction:dossier_zip", kwargs={"dossier": dossier.pk}))

    assert reponse.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(_contenu(reponse)))
    nom_pdf = f"recapitulatif-{dossier.numero}.pdf"
    assert nom_pdf in archive.namelist()
    assert dossier.numero in _texte_du_pdf(archive.read(nom_pdf))


def test_les_noms_dans_l_archive_sont_surs_et_uniques():
    assert nom_sur("../../etc/passwd") == "passwd"
    assert nom_sur("C:\\Users\\moi\\devis été.pdf") == "devis-ete.pdf"
    assert nom_sur("...") == "piece"
    assert nom_sur("CON.txt") == "CON-piece.txt"
    noms = NomsUniques()
    assert [noms("pieces/", "devis.pdf") for _ in range(3)] == [
        "pieces/devis.pdf",
        "pieces/devis-2.pdf",
        "pieces/devis-3.pdf",
    ]


# --- Données de la structure -------------------------------------------------------


def test_le_membre_recupere_tout_ce_que_le_portail_tient_sur_sa_structure(client):
    dossier = dossier_depose(titre="Radio du quartier")
    membre = dossier.structure.membres.get().user
    UserFactory()  # un compte sans lien n'y figure pas
    client.force_login(membre)

    reponse = client.get(
        reverse("projets:structure_donnees_json", kwargs={"structure": dossier.structure_id})
    )

    assert reponse.status_code == 200
    donnees = json.loads(reponse.content)
    assert donnees["structure"]["nom"] == dossier.structure.nom
    assert [m["email"] for m in donnees["membres"]] == [membre.email]
    assert "password" not in json.dumps(donnees)
    (exporte,) = donnees["dossiers"]
    assert exporte["numero"] == dossier.numero and exporte["titre"] == "Radio du quartier"
    assert {ligne["libelle"] for ligne in exporte["budget"]} == {
        "Intervenante",
        "Matériel",
        "Fonds propres",
    }
    assert [(h["de"], h["vers"]) for h in exporte["historique"]] == [("brouillon", "depose")]

    archive = zipfile.ZipFile(
        io.BytesIO(
            _contenu(
                client.get(
                    reverse("projets:structure_donnees", kwargs={"structure": dossier.structure_id})
                )
            )
        )
    )
    assert json.loads(archive.read("donnees.json"))["dossiers"][0]["numero"] == dossier.numero


def test_les_themes_de_l_export_suivent_l_ordre_alphabetique(
    client, edition, instructeur_de_l_edition
):
    dossier = dossier_depose(edition=edition)
    dossier.themes.set(
        [Theme.objects.create(libelle="Vidéo", slug="video"), edition.themes.first()]
    )
    client.force_login(instructeur_de_l_edition)
    rangees = lire("csv", _contenu(client.get(_url_export(edition, "csv"))))
    assert rangees[1][rangees[0].index("Thèmes")] == "Lien social, Vidéo"


def test_le_zip_contient_le_pdf_et_chaque_piece_sous_un_nom_sur_et_unique(
    client, edition, instructeur_de_l_edition, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from projets.pieces.services import pieces_ajouter
    from tests.projets import fichiers_exemples as ex

    settings.PIECES_ROOT = tmp_path / "pieces"
    dossier = dossier_depose(edition=edition)
    contenus = [ex.pdf(), ex.pdf(rembourrage=10), ex.png()]
    pieces_ajouter(
        dossier,
        [
            SimpleUploadedFile("devis.pdf", contenus[0], "application/pdf"),
            SimpleUploadedFile("devis.pdf", contenus[1], "application/pdf"),
            SimpleUploadedFile("affiche été.png", contenus[2], "image/png"),
        ],
        par=dossier.structure.membres.get().user,
    )
    client.force_login(instructeur_de_l_edition)

    reponse = client.get(reverse("instruction:dossier_zip", kwargs={"dossier": dossier.pk}))

    archive = zipfile.ZipFile(io.BytesIO(_contenu(reponse)))
    nom_pdf = f"recapitulatif-{dossier.numero}.pdf"
    assert archive.namelist() == [
        nom_pdf,
        "pieces/devis.pdf",
        "pieces/devis-2.pdf",
        "pieces/affiche-ete.png",
    ]
    assert [archive.read(n) for n in archive.namelist()[1:]] == contenus
    assert "devis.pdf" in _texte_du_pdf(archive.read(nom_pdf))  # la liste des pièces

    client.force_login(dossier.structure.membres.get().user)
    donnees = json.loads(
        client.get(
            reverse("projets:structure_donnees_json", kwargs={"structure": dossier.structure_id})
        ).content
    )
    assert [p["nom"] for p in donnees["dossiers"][0]["pieces"]] == [
        "devis.pdf",
        "devis.pdf",
        "affiche été.png",
    ]
    archive = zipfile.ZipFile(
        io.BytesIO(
            _contenu(
                client.get(
                    reverse("projets:structure_donnees", kwargs={"structure": dossier.structure_id})
                )
            )
        )
    )
    assert sorted(archive.namelist()) == [
        "LISEZ-MOI.txt",
        "donnees.json",
        f"pieces/{dossier.numero}/affiche-ete.png",
        f"pieces/{dossier.numero}/devis-2.pdf",
        f"pieces/{dossier.numero}/devis.pdf",
    ]
