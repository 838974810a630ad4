"""Les pièces jointes d'un dossier : dépôt par les membres tant que le dossier est
modifiable, refus des fichiers piégés ou trop gros (par fichier et pour le
dossier, même sous dépôts simultanés), stockage privé sous un nom aléatoire,
retrait, effacement des fichiers. Qui peut les télécharger, et comment :
test_pieces_acces.py."""

import re
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, given
from hypothesis import settings as reglages_hypothesis
from hypothesis import strategies as st

from brest_numerique.fichiers import FORMATS, nom_sur
from projets.models import Dossier
from projets.pieces.models import Origine, PieceJointe
from projets.pieces.services import pieces_ajouter
from tests.projets import fichiers_exemples as ex
from tests.projets.factories import DossierFactory, candidat, dossier_depose

pytestmark = pytest.mark.django_db


def fichiers_sur_disque(racine: Path) -> list[Path]:
    return [p for p in racine.rglob("*") if p.is_file()] if racine.exists() else []


def connecte(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def envoyer(client, dossier, *fichiers):
    return client.post(
        reverse("projets:piece_ajouter", args=[dossier.pk]),
        {"fichiers": [SimpleUploadedFile(nom, contenu) for nom, contenu in fichiers]},
    )


@pytest.fixture
def brouillon():
    dossier = DossierFactory()
    return dossier, candidat(dossier.structure)


# --- Dépôt ----------------------------------------------------------------------------


def test_un_membre_joint_un_pdf_range_sous_un_nom_aleatoire_hors_des_medias(
    brouillon, stockage, settings
):
    dossier, membre = brouillon
    reponse = envoyer(connecte(membre), dossier, ("Budget prévisionnel 2026.pdf", ex.pdf()))

    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("projets:dossier", args=[dossier.pk]) + "#pieces"
    piece = PieceJointe.objects.get()
    assert (piece.dossier, piece.nom, piece.format, piece.taille) == (
        dossier,
        "Budget prévisionnel 2026.pdf",
        "pdf",
        len(ex.pdf()),
    )
    assert (piece.deposee_par, piece.origine) == (membre, Origine.DOSSIER)
    chemin = Path(piece.fichier.path).resolve()
    assert chemin.read_bytes() == ex.pdf()
    assert chemin.is_relative_to(stockage.resolve())
    assert not chemin.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not chemin.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert "Budget" not in piece.fichier.name
    assert len(chemin.stem) == 32 and chemin.suffix == ".pdf"
    with pytest.raises(ValueError, match="adresse publique"):
        piece.fichier.url  # noqa: B018


@pytest.mark.parametrize("code", list(ex.EXEMPLES))
def test_chaque_format_accepte_est_joint(brouillon, code):
    dossier, membre = brouillon
    nom, fabrique = ex.EXEMPLES[code]
    (piece,) = pieces_ajouter(dossier, [ContentFile(fabrique(), name=nom)], membre)
    assert (piece.nom, piece.format) == (nom, code)
    assert piece.fichier.name.endswith("." + FORMATS[code].extensions[0])


def test_plusieurs_fichiers_d_un_coup(brouillon):
    dossier, membre = brouillon
    reponse = envoyer(connecte(membre), dossier, ("a.pdf", ex.pdf()), ("b.png", ex.png()))
    assert reponse.status_code == 302
    assert sorted(dossier.pieces.values_list("format", flat=True)) == ["pdf", "png"]


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 500, "est un programme"),
        ("rapport.pdf", ex.pdf() + ex.zip_simple({"x.exe": b"MZ"}, commentaire=b"%%EOF"), "ZIP"),
        (
            "photo.jpg",
            ex.jpeg()[:2] + b"\xff\xfe\x00\x14<script>x</script>" + ex.jpeg()[2:],
            "HTML",
        ),
        ("rapport.pdf", ex.png(), "n&#x27;est pas un PDF, malgré son nom"),
        ("notes.txt", b"Bonjour", "Formats acceptés\u00a0: PDF, ODT, DOCX, ODS, XLSX, JPEG, PNG"),
    ],
    ids=["executable", "polyglotte-zip", "jpeg-script", "png-renomme", "type-non-autorise"],
)
def test_un_fichier_piege_est_refuse_sans_rien_garder(brouillon, stockage, nom, contenu, message):
    dossier, membre = brouillon
    reponse = envoyer(connecte(membre), dossier, ("bon.pdf", ex.pdf()), (nom, contenu))

    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page and 'id="piece-fichiers-erreur"' in page
    assert not PieceJointe.objects.exists()  # ni le mauvais, ni le bon envoyé avec
    assert fichiers_sur_disque(stockage) == []


def test_un_fichier_trop_gros_est_refuse(brouillon, settings):
    settings.PIECES_TAILLE_MAX = 2000
    dossier, membre = brouillon
    reponse = envoyer(connecte(membre), dossier, ("gros.pdf", ex.pdf(rembourrage=5000)))
    assert reponse.status_code == 400
    assert "pèse 5 ko\u00a0: 2 ko au plus" in reponse.content.decode()
    assert not PieceJointe.objects.exists()


def test_le_cumul_des_pieces_du_dossier_est_plafonne(brouillon, settings):
    settings.PIECES_TAILLE_MAX_DOSSIER = 12_000
    dossier, membre = brouillon
    client = connecte(membre)
    assert envoyer(client, dossier, ("un.pdf", ex.pdf(rembourrage=7000))).status_code == 302

    reponse = envoyer(client, dossier, ("deux.pdf", ex.pdf(rembourrage=7000)))

    assert reponse.status_code == 400
    assert "pèsent au plus 12 ko en tout" in reponse.content.decode()
    assert list(dossier.pieces.values_list("nom", flat=True)) == ["un.pdf"]


def test_le_nombre_de_pieces_du_dossier_est_plafonne(brouillon, settings):
    settings.PIECES_NOMBRE_MAX_DOSSIER = 2
    dossier, membre = brouillon
    pieces_ajouter(dossier, [ContentFile(ex.pdf(), name="a.pdf")], membre)
    with pytest.raises(ValidationError, match="au plus 2 pièces"):
        pieces_ajouter(dossier, [ContentFile(ex.pdf(), name=f"{n}.pdf") for n in "bc"], membre)
    assert dossier.pieces.count() == 1


@pytest.mark.django_db(transaction=True)
def test_deux_depots_simultanes_ne_depassent_pas_le_plafond_du_dossier(settings):
    settings.PIECES_TAILLE_MAX_DOSSIER = 12_000
    dossier = DossierFactory()
    membre = candidat(dossier.structure)
    depart = threading.Barrier(2)
    resultats = []

    def deposer(nom):
        try:
            depart.wait(timeout=10)
            pieces_ajouter(dossier, [ContentFile(ex.pdf(rembourrage=7000), name=nom)], membre)
            resultats.append("joint")
        except ValidationError:
            resultats.append("refusé")
        finally:
            connection.close()

    fils = [threading.Thread(target=deposer, args=(f"{n}.pdf",)) for n in "ab"]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(timeout=30)

    assert sorted(resultats) == ["joint", "refusé"]
    assert PieceJointe.objects.filter(dossier=dossier).count() == 1


def test_un_nom_avec_un_chemin_ne_devient_jamais_un_chemin(brouillon, stockage):
    dossier, membre = brouillon
    # Appelé directement (messagerie, imports), le service refuse le nom.
    for nom in ("../../etc/passwd.pdf", "C:\\x\\a.pdf"):
        with pytest.raises(ValidationError, match="contient un chemin"):
            pieces_ajouter(dossier, [ContentFile(ex.pdf(), name=nom)], membre)
    # Par HTTP, Django ne garde que le dernier composant : la pièce s'appelle
    # passwd.pdf et son fichier est rangé sous un nom aléatoire, dans le stockage privé.
    limite = "----limite"
    corps = (
        (
            f'--{limite}\r\nContent-Disposition: form-data; name="fichiers"; '
            f'filename="../../etc/passwd.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + ex.pdf()
        + f"\r\n--{limite}--\r\n".encode()
    )
    reponse = connecte(membre).generic(
        "POST",
        reverse("projets:piece_ajouter", args=[dossier.pk]),
        corps,
        content_type=f"multipart/form-data; boundary={limite}",
    )
    assert reponse.status_code == 302
    piece = PieceJointe.objects.get()
    assert piece.nom == "passwd.pdf"
    assert ".." not in piece.fichier.name and "passwd" not in piece.fichier.name
    assert fichiers_sur_disque(stockage) == [Path(piece.fichier.path)]


def test_un_dossier_depose_ne_prend_plus_de_pieces(stockage):
    dossier = dossier_depose()
    membre = candidat(dossier.structure)
    reponse = envoyer(connecte(membre), dossier, ("a.pdf", ex.pdf()))
    assert reponse.status_code == 403
    assert "Ce dossier n'est plus modifiable" in reponse.content.decode()
    assert not PieceJointe.objects.exists()


def test_un_dossier_a_completer_prend_des_complements(instructeur):
    dossier = dossier_depose()
    dossier.edition.instructeurs.add(instructeur)
    dossier.ouvrir_instruction(par=instructeur)
    dossier.demander_complements(
        par=instructeur, texte="Le devis", echeance=timezone.now() + timedelta(days=7)
    )
    membre = candidat(dossier.structure)
    assert envoyer(connecte(membre), dossier, ("devis.pdf", ex.pdf())).status_code == 302
    assert PieceJointe.objects.get().origine == Origine.COMPLEMENT


def test_seul_un_membre_joint_et_seulement_par_post(brouillon, citoyen):
    dossier, membre = brouillon
    assert envoyer(Client(), dossier, ("a.pdf", ex.pdf())).status_code == 302  # connexion
    assert envoyer(connecte(citoyen), dossier, ("a.pdf", ex.pdf())).status_code == 404
    assert envoyer(connecte(candidat()), dossier, ("a.pdf", ex.pdf())).status_code == 404
    url = reverse("projets:piece_ajouter", args=[dossier.pk])
    assert connecte(membre).get(url)["Location"] == reverse("projets:dossier", args=[dossier.pk])
    assert not PieceJointe.objects.exists()


def test_l_envoi_exige_le_jeton_csrf(brouillon):
    dossier, membre = brouillon
    client = Client(enforce_csrf_checks=True)
    client.force_login(membre)
    assert envoyer(client, dossier, ("a.pdf", ex.pdf())).status_code == 403
    assert not PieceJointe.objects.exists()


# --- Suppression ------------------------------------------------------------------------


def test_un_membre_retire_une_piece_de_son_brouillon(
    brouillon, stockage, django_capture_on_commit_callbacks
):
    dossier, membre = brouillon
    (piece,) = pieces_ajouter(dossier, [ContentFile(ex.pdf(), name="a.pdf")], membre)
    url = reverse("projets:piece_supprimer", args=[piece.pk])

    assert connecte(candidat()).post(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        reponse = connecte(membre).post(url)

    assert reponse.status_code == 302
    assert not PieceJointe.objects.exists()
    assert fichiers_sur_disque(stockage) == []


def test_une_piece_d_un_dossier_depose_ou_d_un_message_ne_se_retire_pas(brouillon):
    dossier, membre = brouillon
    (message,) = pieces_ajouter(
        dossier, [ContentFile(ex.pdf(), name="m.pdf")], membre, Origine.MESSAGE
    )
    assert (
        connecte(membre).post(reverse("projets:piece_supprimer", args=[message.pk])).status_code
        == 403
    )

    depose = dossier_depose()
    membre_depose = candidat(depose.structure)
    (piece,) = pieces_ajouter(depose, [ContentFile(ex.pdf(), name="a.pdf")], membre_depose)
    url = reverse("projets:piece_supprimer", args=[piece.pk])
    assert connecte(membre_depose).post(url).status_code == 403
    assert PieceJointe.objects.count() == 2


def test_un_numero_demesure_repond_404(brouillon, administrateur):
    _dossier, membre = brouillon
    enorme = 10**30
    assert connecte(administrateur).get(f"/appels-a-projets/pieces/{enorme}/").status_code == 404
    client = connecte(membre)
    assert client.post(f"/appels-a-projets/pieces/{enorme}/supprimer/").status_code == 404
    assert client.post(f"/appels-a-projets/pieces/ajouter/{enorme}/").status_code == 404


def test_les_fichiers_partent_avec_leur_dossier_apres_validation_seulement(
    brouillon, stockage, django_capture_on_commit_callbacks
):
    dossier, membre = brouillon
    pieces_ajouter(dossier, [ContentFile(ex.pdf(), name=f"{n}.pdf") for n in "ab"], membre)
    assert len(fichiers_sur_disque(stockage)) == 2

    with pytest.raises(RuntimeError), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).delete()
        raise RuntimeError("annulée")
    assert len(fichiers_sur_disque(stockage)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        Dossier.objects.filter(pk=dossier.pk).delete()
    assert fichiers_sur_disque(stockage) == []


def test_les_fichiers_orphelins_se_comptent_puis_s_effacent(brouillon, stockage):
    import os
    import time
    from io import StringIO

    from django.core.management import call_command

    dossier, membre = brouillon
    (piece,) = pieces_ajouter(dossier, [ContentFile(ex.pdf(), name="a.pdf")], membre)
    orphelin = stockage / "1" / "2" / "reste.pdf"
    recent = stockage / "1" / "2" / "en-cours.pdf"
    orphelin.parent.mkdir(parents=True, exist_ok=True)
    orphelin.write_bytes(b"x")
    recent.write_bytes(b"x")
    vieux = time.time() - 7200
    for chemin in (orphelin, Path(piece.fichier.path)):
        os.utime(chemin, (vieux, vieux))

    sortie = StringIO()
    call_command("pieces_orphelines", stdout=sortie)
    assert "1 fichier(s) sans pièce trouvé(s)" in sortie.getvalue()
    assert orphelin.exists()

    call_command("pieces_orphelines", "--effacer", stdout=StringIO())
    assert not orphelin.exists()
    assert recent.exists() and Path(piece.fichier.path).exists()


@reglages_hypothesis(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    vrai=st.sampled_from([fabrique() for _nom, fabrique in ex.EXEMPLES.values()]),
    coupe=st.integers(min_value=0, max_value=5000),
    ajout=st.binary(max_size=32),
    nom=st.one_of(
        st.text(max_size=80),
        st.builds(
            "{}.{}".format,
            st.text(max_size=40),
            st.sampled_from(["pdf", "odt", "docx", "ods", "xlsx", "jpg", "jpeg", "png", "PDF"]),
        ),
    ),
)
def test_le_service_ne_plante_jamais_et_ne_garde_que_des_noms_propres(
    brouillon, vrai, coupe, ajout, nom
):
    dossier, membre = brouillon
    contenu = vrai[:coupe] + ajout + vrai[coupe + len(ajout) :]
    try:
        (piece,) = pieces_ajouter(dossier, [ContentFile(contenu, name=nom)], membre)
    except ValidationError:
        return
    event("accepté")
    piece.refresh_from_db()
    assert piece.nom == nom_sur(nom) != ""
    assert re.fullmatch(
        r"[0-9]+/[0-9]+/[0-9a-f]{32}\.(pdf|odt|docx|ods|xlsx|jpg|png)", piece.fichier.name
    )
    piece.delete()
