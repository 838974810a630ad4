"""Un seul chemin d'écriture des lieux (papi.services.lieux_enregistrer) : quel
que soit le chemin d'entrée, un lieu écrit a ses créneaux, son vecteur de
recherche, son slug, et les caches changent de version."""

import io

import pytest
import tablib
from django.contrib.postgres.search import SearchVector
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from papi.demo import creer_donnees_demo
from papi.horaires import creneaux, mentionne_jours_feries
from papi.models import Lieu
from papi.querysets import CONFIG_RECHERCHE
from papi.referentiel import COLONNES
from papi.ressources import LieuResource
from papi.services import lieux_enregistrer, version_des_lieux
from tests.papi.factories import LieuFactory
from tests.papi.fichiers import ecrire_csv, ligne_du_standard, texte_csv
from tests.papi.test_admin import donnees_du_formulaire, televerser

pytestmark = pytest.mark.django_db

HORAIRES = "Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00; PH 10:00-12:00"


@pytest.fixture
def client_admin(client, administrateur):
    client.force_login(administrateur)
    return client


def par_la_fiche_de_l_administration(client_admin, tmp_path) -> str:
    modele = LieuFactory.build(
        identifiant="kerourien", nom="Espace numérique de Kerourien", slug="", horaires=HORAIRES
    )
    reponse = client_admin.post(reverse("admin:papi_lieu_add"), donnees_du_formulaire(modele))
    assert reponse.status_code == 302
    return "kerourien"


def par_l_import_de_l_administration(client_admin, tmp_path) -> str:
    ligne = ligne_du_standard(
        id="kerourien", nom="Espace numérique de Kerourien", horaires=HORAIRES
    )
    apercu = televerser(client_admin, texte_csv([ligne]))
    reponse = client_admin.post(
        reverse("admin:papi_lieu_process_import"), apercu.context["confirm_form"].initial
    )
    assert reponse.status_code == 302
    return "kerourien"


def par_la_commande_importer_lieux(client_admin, tmp_path) -> str:
    ligne = ligne_du_standard(
        id="kerourien", nom="Espace numérique de Kerourien", horaires=HORAIRES
    )
    call_command(
        "importer_lieux", str(ecrire_csv(tmp_path / "l.csv", [ligne])), stdout=io.StringIO()
    )
    return "kerourien"


def par_la_fabrique_des_tests(client_admin, tmp_path) -> str:
    LieuFactory(identifiant="kerourien", nom="Espace numérique de Kerourien", horaires=HORAIRES)
    return "kerourien"


def par_les_donnees_de_demonstration(client_admin, tmp_path) -> str:
    creer_donnees_demo(io.StringIO())
    return "brest-pimms-quatre-moulins"


CHEMINS = [
    par_la_fiche_de_l_administration,
    par_l_import_de_l_administration,
    par_la_commande_importer_lieux,
    par_la_fabrique_des_tests,
    par_les_donnees_de_demonstration,
]


@pytest.mark.parametrize("ecrire", CHEMINS, ids=lambda f: f.__name__)
def test_un_lieu_ecrit_par_chaque_chemin_a_creneaux_recherche_slug_et_nouvelle_version(
    ecrire, client_admin, tmp_path, django_capture_on_commit_callbacks
):
    version = version_des_lieux()

    with django_capture_on_commit_callbacks(execute=True):
        identifiant = ecrire(client_admin, tmp_path)

    lieu = Lieu.objects.get(identifiant=identifiant)
    assert sorted(lieu.creneaux.values_list("jour", "debut", "fin")) == sorted(
        creneaux(lieu.horaires)
    )
    assert lieu.creneaux.exists()
    assert lieu.jours_feries_specifiques == mentionne_jours_feries(lieu.horaires)
    assert Lieu.objects.filter(pk=lieu.pk, recherche__isnull=False).exists()
    mot = lieu.nom.split()[0] if identifiant != "kerourien" else "kerourien"
    assert lieu in Lieu.objects.rechercher(mot)
    assert lieu.slug
    assert lieu.modifie_le is not None
    assert version_des_lieux() > version


def test_la_fabrique_rend_un_lieu_pret_a_l_emploi_sans_autre_appel():
    lieu = LieuFactory(horaires="Sa 10:00-12:00")

    assert lieu.pk is not None
    assert not lieu._state.adding
    assert list(lieu.creneaux.values_list("jour", "debut", "fin")) == [(5, 600, 720)]
    assert Lieu.objects.publies().ouverts_le_samedi().get() == lieu


def test_modifier_un_lieu_recalcule_ses_creneaux_et_son_index():
    lieu = LieuFactory(nom="Cyberbase", horaires="Mo 09:00-12:00")

    lieu.nom, lieu.horaires = "Médiathèque de Lambézellec", "Sa 10:00-12:00"
    lieux_enregistrer(lieux=[lieu])

    assert list(lieu.creneaux.values_list("jour", "debut", "fin")) == [(5, 600, 720)]
    assert list(Lieu.objects.rechercher("lambezellec")) == [lieu]
    assert not Lieu.objects.rechercher("cyberbase").exists()


def test_une_ecriture_limitee_a_des_champs_laisse_les_autres_tels_qu_en_base():
    lieu = LieuFactory(wifi_gratuit=False)
    # Entre-temps, un webmestre coche le Wi-Fi ; la copie en mémoire l'ignore.
    Lieu.objects.filter(pk=lieu.pk).update(wifi_gratuit=True)

    lieu.nom = "Nouveau nom"
    lieux_enregistrer(lieux=[lieu], champs=["nom"])

    lieu.refresh_from_db()
    assert lieu.nom == "Nouveau nom"
    assert lieu.wifi_gratuit


def _requetes_pour(nombre: int) -> tuple[int, int]:
    """Requêtes pour écrire `nombre` lieux neufs, puis pour les modifier."""
    neufs = LieuFactory.build_batch(nombre)
    with CaptureQueriesContext(connection) as requetes:
        lieux_enregistrer(lieux=neufs)
    existants = list(Lieu.objects.filter(pk__in=[lieu.pk for lieu in neufs]))
    for lieu in existants:
        lieu.horaires = "Sa 10:00-12:00"
    with CaptureQueriesContext(connection) as mises_a_jour:
        lieux_enregistrer(lieux=existants)
    return len(requetes), len(mises_a_jour)


def test_ecrire_cent_lieux_coute_autant_de_requetes_qu_en_ecrire_trois():
    assert _requetes_pour(3) == _requetes_pour(100)


def test_l_import_de_l_administration_n_ecrit_aucun_lieu_ligne_a_ligne():
    lignes = [ligne_du_standard(id=f"lieu-{n}", nom=f"Lieu {n}") for n in range(30)]
    donnees = tablib.Dataset(*[[ligne[c] for c in COLONNES] for ligne in lignes], headers=COLONNES)

    with CaptureQueriesContext(connection) as requetes:
        resultat = LieuResource().import_data(donnees, dry_run=False)

    assert not resultat.has_errors() and not resultat.has_validation_errors()
    assert Lieu.objects.count() == 30
    # Les lieux partent d'un bloc par COPY, que Django ne journalise pas, et leur
    # vecteur de recherche se calcule en base : ni INSERT d'un lieu, ni UPDATE
    # d'un seul lieu, comme en ferait save() par ligne.
    sql = [str(q["sql"]) for q in requetes.captured_queries]
    assert not [s for s in sql if s.startswith('INSERT INTO "papi_lieu"')]
    assert not [s for s in sql if s.startswith('UPDATE "papi_lieu"')]


def test_un_essai_a_blanc_de_l_import_de_l_administration_n_ecrit_rien():
    donnees = tablib.Dataset([ligne_du_standard()[c] for c in COLONNES], headers=COLONNES)

    resultat = LieuResource().import_data(donnees, dry_run=True)

    assert [ligne.import_type for ligne in resultat.rows] == ["new"]
    assert not Lieu.objects.exists()


def test_le_vecteur_de_recherche_suit_les_textes_quel_que_soit_le_chemin_d_ecriture():
    lieux = [
        LieuFactory.build(
            nom=f"Médiathèque n° {n} « L'Îlot »",
            presentation_resume="Ateliers numériques, démarches en ligne",
            presentation_detail="Accès libre ; impression à 0,10\u00a0€.",
        )
        for n in range(5)
    ]
    lieux_enregistrer(lieux=lieux)
    # Même un update() qui contourne le service garde le vecteur juste.
    Lieu.objects.filter(pk=lieux[0].pk).update(nom="Cyberbase du Valy-Hir")
    Lieu.objects.filter(pk=lieux[1].pk).update(presentation_detail="Fablab et découpe laser")

    # Le vecteur qu'écrivait Django, poids et configuration compris.
    attendu = (
        SearchVector("nom", weight="A", config=CONFIG_RECHERCHE)
        + SearchVector("commune", "adresse", weight="B", config=CONFIG_RECHERCHE)
        + SearchVector(
            "presentation_resume", "presentation_detail", weight="C", config=CONFIG_RECHERCHE
        )
    )
    vecteurs = list(Lieu.objects.annotate(attendu=attendu).values_list("recherche", "attendu"))
    assert len(vecteurs) == 5
    assert all(ecrit == calcule for ecrit, calcule in vecteurs)
    assert list(Lieu.objects.rechercher("valy hir")) == [lieux[0]]
    assert list(Lieu.objects.rechercher("laser")) == [lieux[1]]
    assert list(Lieu.objects.rechercher("ilot mediatheque").order_by("pk")) == lieux[1:]


def test_des_homonymes_recoivent_des_slugs_distincts_au_fil_de_l_ecriture():
    LieuFactory(nom="Cyberbase", commune="Brest", slug="cyberbase-brest")
    homonymes = LieuFactory.build_batch(2, nom="Cyberbase", commune="Brest", slug="")

    lieux_enregistrer(lieux=iter(homonymes))

    assert [lieu.slug for lieu in homonymes] == ["cyberbase-brest-2", "cyberbase-brest-3"]
    assert Lieu.objects.filter(slug__startswith="cyberbase-brest").count() == 3
