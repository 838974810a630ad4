"""Les pièces jointes servies : seulement aux membres de la structure, aux
instructeurs de l'édition (dossier déposé) et au superutilisateur, avec des
en-têtes qui en font une pièce jointe inerte ; par nginx (X-Accel-Redirect) en
production. Le gabarit de la page du dossier, le règlement PDF d'une édition et
les réglages du stockage privé."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from projets.models import AppelAProjets
from projets.pieces.services import pieces_ajouter
from tests.factories import UserFactory
from tests.projets import fichiers_exemples as ex
from tests.projets.factories import DossierFactory, EditionFactory, candidat, dossier_depose
from tests.projets.test_pieces import connecte

pytestmark = pytest.mark.django_db


@pytest.fixture
def brouillon():
    dossier = DossierFactory()
    return dossier, candidat(dossier.structure)


# --- Téléchargement -----------------------------------------------------------------------


@pytest.fixture
def piece_deposee(instructeur):
    dossier = dossier_depose()
    dossier.edition.instructeurs.add(instructeur)
    membre = candidat(dossier.structure)
    (piece,) = pieces_ajouter(
        dossier, [ContentFile(ex.pdf(), name="Règlement signé « été ».pdf")], membre
    )
    return piece, membre


def test_une_piece_n_est_jamais_joignable_sans_droits(
    piece_deposee, citoyen, webmestre, jure, gestionnaire_ipt
):
    piece, _membre = piece_deposee
    instructeur_ailleurs = UserFactory(role="Instructeurs")
    EditionFactory().instructeurs.add(instructeur_ailleurs)
    url = reverse("projets:piece", args=[piece.pk])
    absente = reverse("projets:piece", args=[piece.pk + 1000])

    for user in (
        None,
        citoyen,
        candidat(),  # membre d'une autre structure
        instructeur_ailleurs,
        webmestre,
        jure,
        gestionnaire_ipt,
    ):
        client = connecte(user) if user else Client()
        reponse = client.get(url)
        assert reponse.status_code == 404, user
        assert client.get(absente).status_code == 404
        assert b"%PDF" not in reponse.content


def test_les_membres_l_instruction_de_l_edition_et_l_administrateur_la_telechargent(
    piece_deposee, instructeur, administrateur
):
    piece, membre = piece_deposee
    url = reverse("projets:piece", args=[piece.pk])
    for user in (membre, instructeur, administrateur):
        reponse = connecte(user).get(url)
        assert reponse.status_code == 200
        assert b"".join(reponse.streaming_content) == ex.pdf()
        assert reponse["Content-Type"] == "application/pdf"
        assert reponse["Content-Disposition"] == (
            'attachment; filename="Reglement signe ete .pdf"; '
            "filename*=utf-8''R%C3%A8glement%20sign%C3%A9%20%C2%AB%20%C3%A9t%C3%A9%20%C2%BB.pdf"
        )
        assert reponse["X-Content-Type-Options"] == "nosniff"
        assert reponse["Cache-Control"] == "private, no-store"
        assert "X-Accel-Redirect" not in reponse


def test_un_brouillon_reste_invisible_a_l_instruction(brouillon, instructeur):
    dossier, membre = brouillon
    dossier.edition.instructeurs.add(instructeur)
    (piece,) = pieces_ajouter(dossier, [ContentFile(ex.pdf(), name="a.pdf")], membre)
    url = reverse("projets:piece", args=[piece.pk])
    assert connecte(instructeur).get(url).status_code == 404
    assert connecte(membre).get(url).status_code == 200


def test_en_production_nginx_envoie_le_fichier(piece_deposee, settings):
    settings.PIECES_X_ACCEL_PREFIX = "/prive/pieces/"
    piece, membre = piece_deposee
    reponse = connecte(membre).get(reverse("projets:piece", args=[piece.pk]))
    assert reponse.status_code == 200
    assert reponse["X-Accel-Redirect"] == "/prive/pieces/" + piece.fichier.name
    assert reponse.content == b""
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert reponse["Cache-Control"] == "private, no-store"


def test_une_piece_dont_le_fichier_a_disparu_repond_404(piece_deposee):
    piece, membre = piece_deposee
    Path(piece.fichier.path).unlink()
    assert connecte(membre).get(reverse("projets:piece", args=[piece.pk])).status_code == 404


# --- Le gabarit de la page du dossier -------------------------------------------------------


def _rendu(dossier, peut_modifier, user):
    requete = RequestFactory().get("/")
    requete.user = user
    return render_to_string(
        "projets/pieces/_pieces_du_dossier.html",
        {"dossier": dossier, "peut_modifier": peut_modifier},
        request=requete,
    )


def test_le_gabarit_liste_les_pieces_et_propose_l_ajout(brouillon, django_assert_max_num_queries):
    dossier, membre = brouillon
    pieces_ajouter(
        dossier,
        [ContentFile(ex.pdf(rembourrage=n * 100), name=f'<i>pièce {n}".pdf') for n in range(30)],
        membre,
    )
    with django_assert_max_num_queries(1):
        html = _rendu(dossier, True, membre)
    assert html.count("<td>PDF, ") == 30
    assert "&lt;i&gt;pièce 3&quot;.pdf" in html and "<i>pièce" not in html
    assert 'enctype="multipart/form-data"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Formats acceptés\u00a0: PDF, ODT, DOCX, ODS, XLSX, JPEG, PNG. 10 Mo au plus" in html
    assert html.count(">Supprimer<") == 30

    lecture = _rendu(dossier, False, membre)
    assert "multipart" not in lecture and "Supprimer" not in lecture


def test_le_format_et_la_taille_se_lisent(brouillon):
    dossier, membre = brouillon
    (piece,) = pieces_ajouter(
        dossier, [ContentFile(ex.pdf(rembourrage=1_258_000), name="a.pdf")], membre
    )
    assert piece.format_et_taille == "PDF, 1,2 Mo"


# --- Le règlement PDF de l'édition ------------------------------------------------------------


def test_le_reglement_de_l_edition_doit_etre_un_vrai_pdf():
    edition = EditionFactory()
    edition.reglement_pdf = SimpleUploadedFile("reglement.pdf", b"MZ" + b"\x00" * 100)
    with pytest.raises(ValidationError) as erreur:
        edition.full_clean()
    assert "reglement_pdf" in erreur.value.message_dict

    edition.reglement_pdf = SimpleUploadedFile("reglement.pdf", ex.pdf())
    edition.full_clean()
    edition.save()
    # Enregistré, il n'est pas relu à chaque modification de l'édition.
    edition = AppelAProjets.objects.get(pk=edition.pk)
    edition.full_clean()


# --- Réglages -------------------------------------------------------------------------------


def _demarrer(**env) -> str:
    from tests.portail.test_reglages import PRODUCTION, lancer

    resultat = lancer(
        "-c",
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.PIECES_ROOT, settings.PIECES_X_ACCEL_PREFIX)",
        env={**PRODUCTION, "DJANGO_SETTINGS_MODULE": "brest_numerique.settings", **env},
    )
    return resultat.stdout + resultat.stderr


def test_le_stockage_prive_ne_peut_pas_etre_sous_les_medias_publics(tmp_path):
    medias = tmp_path / "media"
    sortie = _demarrer(MEDIA_ROOT=str(medias), PIECES_ROOT=str(medias / "pieces"))
    assert "ImproperlyConfigured" in sortie and "ne doit pas être sous" in sortie
    statiques = tmp_path / "static"
    sortie = _demarrer(STATIC_ROOT=str(statiques), PIECES_ROOT=str(statiques / "p"))
    assert "ne doit pas être sous" in sortie
    sortie = _demarrer(PIECES_X_ACCEL_PREFIX="prive")
    assert "PIECES_X_ACCEL_PREFIX commence et finit par" in sortie
    prive = tmp_path / "prive"
    sortie = _demarrer(PIECES_ROOT=str(prive), PIECES_X_ACCEL_PREFIX="/prive/pieces/")
    assert sortie.strip() == f"{prive} /prive/pieces/"
