"""La fiche publique d'un lauréat dans l'administration : les seuls instructeurs de
son édition la modifient ; l'image est vérifiée par son contenu (JPEG ou PNG) et ne
va pas sans texte alternatif ; la version publique change à l'enregistrement."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projets.laureats.models import Laureat
from tests.projets.fichiers_exemples import jpeg, pdf, png
from tests.projets.laureats.fabriques import edition_publiee, laureat

pytestmark = pytest.mark.django_db


@pytest.fixture
def fiche(instructeur):
    edition = edition_publiee()
    edition.instructeurs.add(instructeur)
    return laureat(edition, titre="Fablab des Capucins")


def _url(fiche):
    return reverse("admin:laureats_laureat_change", args=[fiche.pk])


def _donnees(fiche, **champs):
    return {
        "slug": fiche.slug,
        "resume_public": "Un fablab ouvert à tous.",
        "image_alt": "",
        "commentaires_ouverts": "on",
        **champs,
    }


def test_l_instructeur_de_l_edition_modifie_la_fiche_et_la_version_change(
    client, instructeur, fiche, django_capture_on_commit_callbacks
):
    client.force_login(instructeur)
    version = Laureat.version_publique()
    image = SimpleUploadedFile("photo de l'atelier.png", png(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            _url(fiche),
            _donnees(fiche, image=image, image_alt="Trois enfants devant une imprimante 3D"),
        )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    fiche.refresh_from_db()
    assert fiche.resume_public == "Un fablab ouvert à tous."
    assert fiche.image.name.startswith("laureats/") and fiche.image.name.endswith(".png")
    assert "atelier" not in fiche.image.name  # rangée sous un nom aléatoire
    assert Laureat.version_publique() > version


REFUSEES = [
    ("photo.png", pdf()),  # un PDF sous un nom d'image
    ("photo.jpg", png()),  # un PNG nommé JPEG
    ("photo.gif", b"GIF89a" + b"\x00" * 40),  # un format non accepté
    ("photo.png", png() + b"<script>alert(1)</script>"),  # un polyglotte
]


def test_une_image_est_verifiee_par_son_contenu(client, instructeur, fiche):
    client.force_login(instructeur)
    for nom, contenu in REFUSEES:
        image = SimpleUploadedFile(nom, contenu)
        reponse = client.post(_url(fiche), _donnees(fiche, image=image, image_alt="Une photo"))
        assert reponse.status_code == 200, nom  # le formulaire revient avec son erreur
        assert reponse.context["adminform"].form.errors["image"], nom
    fiche.refresh_from_db()
    assert not fiche.image


def test_un_jpeg_passe_mais_pas_sans_texte_alternatif(client, instructeur, fiche):
    client.force_login(instructeur)
    image = SimpleUploadedFile("photo.jpg", jpeg())
    reponse = client.post(_url(fiche), _donnees(fiche, image=image, image_alt="  "))
    assert reponse.status_code == 200
    assert "texte alternatif est obligatoire" in str(
        reponse.context["adminform"].form.errors["image_alt"]
    )
    reponse = client.post(
        _url(fiche), _donnees(fiche, image=SimpleUploadedFile("photo.jpg", jpeg()), image_alt="Vue")
    )
    assert reponse.status_code == 302


def test_l_identifiant_reste_unique_dans_l_annee(client, instructeur, fiche):
    autre = laureat(fiche.dossier.edition, titre="Autre projet")
    client.force_login(instructeur)
    reponse = client.post(_url(fiche), _donnees(fiche, slug=autre.slug))
    assert reponse.status_code == 200
    assert reponse.context["adminform"].form.errors["slug"]


def test_un_instructeur_d_une_autre_edition_ne_voit_pas_la_fiche(client, fiche):
    from tests.factories import UserFactory

    ailleurs = UserFactory(role="Instructeurs")
    edition_publiee().instructeurs.add(ailleurs)
    client.force_login(ailleurs)
    liste = client.get(reverse("admin:laureats_laureat_changelist"))
    assert liste.status_code == 200
    assert "Fablab des Capucins" not in liste.content.decode()
    assert client.get(_url(fiche)).status_code in (302, 403, 404)
    assert client.post(_url(fiche), _donnees(fiche)).status_code in (302, 403, 404)
    fiche.refresh_from_db()
    assert fiche.resume_public != "Un fablab ouvert à tous."


def test_ni_ajout_ni_suppression_dans_l_administration(client, administrateur, fiche):
    client.force_login(administrateur)
    assert client.get(reverse("admin:laureats_laureat_add")).status_code == 403
    assert client.get(reverse("admin:laureats_laureat_delete", args=[fiche.pk])).status_code == 403
    assert client.get(_url(fiche)).status_code == 200
