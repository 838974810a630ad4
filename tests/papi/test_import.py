"""La commande importer_lieux et le service lieux_importer."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from papi.importation import FichierIllisible, lieux_importer
from papi.models import Creneau, Lieu
from papi.services import version_des_lieux
from tests.papi.fichiers import EXEMPLE_DU_STANDARD, ecrire_csv, ligne_du_standard, texte_csv

pytestmark = pytest.mark.django_db


def importer(chemin, *options) -> str:
    sortie = io.StringIO()
    call_command("importer_lieux", str(chemin), *options, stdout=sortie)
    return sortie.getvalue()


def refus(chemin, *options) -> tuple[str, str]:
    """(rapport affiché, message d'erreur) d'un import qui doit échouer."""
    sortie = io.StringIO()
    with pytest.raises(CommandError) as erreur:
        call_command("importer_lieux", str(chemin), *options, stdout=sortie)
    return sortie.getvalue(), str(erreur.value)


def fichier_plein_d_erreurs(tmp_path):
    return ecrire_csv(
        tmp_path / "erreurs.csv",
        [
            ligne_du_standard(id="bon-1"),
            ligne_du_standard(id="mauvais-1", code_postal="2920", horaires="9h-18h"),
            ligne_du_standard(id="mauvais-2", latitude="-4.5044", longitude="48.3986"),
            ligne_du_standard(id="bon-1", nom="Doublon"),
            ligne_du_standard(id="", services="Café numérique"),
            ligne_du_standard(id="bon-2"),
        ],
    )


def test_le_fichier_d_exemple_du_standard_est_importe():
    sortie = importer(EXEMPLE_DU_STANDARD)

    assert "Lieux créés\u00a0: 1" in sortie
    lieu = Lieu.objects.get()
    assert lieu.identifiant == "structure-1"
    assert lieu.nom == "Anonymal"
    assert lieu.slug == "anonymal-reims"
    assert lieu.pivot == "43493312300029"
    assert (lieu.latitude, lieu.longitude) == (43.52609, 5.41423)
    assert lieu.date_maj == date(2024, 4, 2)
    assert lieu.typologie == ["TIERS_LIEUX", "ASSO"]
    assert lieu.modalites_accompagnement == [
        "Dans un atelier collectif",
        "À distance",
        "En autonomie",
        "Accompagnement individuel",
    ]
    assert lieu.formations_labels[0] == "Formé à « Mon Espace Santé »"
    # Horaires du lundi au vendredi, et le samedi matin.
    assert Creneau.objects.filter(lieu=lieu).count() == 11
    assert Lieu.objects.ouverts_le_samedi().get() == lieu


def test_un_ancien_fichier_separe_par_des_points_virgules_avec_bom_est_importe(tmp_path):
    chemin = ecrire_csv(tmp_path / "ancien.csv", [ligne_du_standard()], separateur=";", bom=True)
    assert chemin.read_bytes().startswith(b"\xef\xbb\xbfid;pivot;")

    assert "Lieux créés\u00a0: 1" in importer(chemin)

    lieu = Lieu.objects.get(identifiant="mediatheque-bellevue")
    assert lieu.services == [
        "Accès internet et matériel informatique",
        "Loisirs et créations numériques",
    ]


def test_le_service_accepte_un_flux_binaire_ou_texte():
    texte = texte_csv([ligne_du_standard()], separateur=";")

    assert lieux_importer(fichier=io.BytesIO(("\ufeff" + texte).encode()), dry_run=True).crees == 1
    assert lieux_importer(fichier=io.StringIO(texte), dry_run=True).crees == 1


def test_un_fichier_plein_d_erreurs_donne_un_rapport_precis_et_rien_n_est_ecrit(tmp_path):
    version = version_des_lieux()

    sortie, erreur = refus(fichier_plein_d_erreurs(tmp_path))

    assert "Lignes refusées\u00a0: 4" in sortie
    assert (
        "ligne 3\u00a0: Code postal invalide « 2920 »\u00a0: 5 chiffres attendus.; Horaires invalides"
        in (sortie)
    )
    assert "ligne 4\u00a0: Coordonnées hors de France (-4.5044, 48.3986)" in sortie
    assert "ligne 5\u00a0: Identifiant « bon-1 » en double\u00a0: il figure déjà ligne 2." in sortie
    assert (
        "ligne 6\u00a0: La colonne id est obligatoire.; Valeur(s) inconnue(s) du standard pour "
        "services\u00a0: « Café numérique »"
    ) in sortie
    assert "Lieux à créer\u00a0: 2" in sortie
    assert "rien n'a été importé" in erreur
    assert "--ignorer-erreurs" in erreur
    assert not Lieu.objects.exists()
    assert not Creneau.objects.exists()
    assert version_des_lieux() == version


def test_avec_ignorer_erreurs_seules_les_lignes_valides_sont_importees(
    tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sortie = importer(fichier_plein_d_erreurs(tmp_path), "--ignorer-erreurs")

    assert "Lieux créés\u00a0: 2" in sortie
    assert "Lignes refusées\u00a0: 4" in sortie
    assert sorted(Lieu.objects.values_list("identifiant", flat=True)) == ["bon-1", "bon-2"]
    # Le doublon refusé n'a pas écrasé la première ligne.
    assert Lieu.objects.get(identifiant="bon-1").nom == "Médiathèque de Bellevue"


def test_un_essai_a_blanc_n_ecrit_rien(tmp_path):
    importer(ecrire_csv(tmp_path / "a.csv", [ligne_du_standard()]))
    chemin = ecrire_csv(
        tmp_path / "b.csv",
        [ligne_du_standard(nom="Nouveau nom"), ligne_du_standard(id="nouveau")],
    )

    sortie = importer(chemin, "--dry-run")

    assert "Lieux à créer\u00a0: 1" in sortie
    assert "Lieux à mettre à jour\u00a0: 1" in sortie
    assert "Essai à blanc\u00a0: rien n'a été écrit." in sortie
    assert list(Lieu.objects.values_list("nom", flat=True)) == ["Médiathèque de Bellevue"]


def test_un_essai_a_blanc_d_un_fichier_fautif_echoue_comme_l_import_reel(tmp_path):
    sortie, erreur = refus(fichier_plein_d_erreurs(tmp_path), "--dry-run")

    assert "Lignes refusées\u00a0: 4" in sortie
    assert "l'import serait refusé" in erreur
    assert not Lieu.objects.exists()


def test_un_essai_a_blanc_avec_ignorer_erreurs_dit_ce_qui_serait_importe(tmp_path):
    sortie = importer(fichier_plein_d_erreurs(tmp_path), "--dry-run", "--ignorer-erreurs")

    assert "Lieux à créer\u00a0: 2" in sortie
    assert "Essai à blanc\u00a0: rien n'a été écrit." in sortie
    assert not Lieu.objects.exists()


def test_reimporter_le_meme_fichier_ne_change_rien(tmp_path, django_assert_max_num_queries):
    chemin = ecrire_csv(
        tmp_path / "lieux.csv", [ligne_du_standard(id=f"lieu-{n}") for n in range(30)]
    )
    importer(chemin)
    avant = dict(Lieu.objects.values_list("identifiant", "modifie_le"))

    # Une requête pour retrouver les lieux existants, quelques-unes autour : pas une par ligne.
    with django_assert_max_num_queries(5):
        sortie = importer(chemin)

    assert "Lieux inchangés\u00a0: 30" in sortie
    assert "Lieux mis à jour\u00a0: 0" in sortie
    assert dict(Lieu.objects.values_list("identifiant", "modifie_le")) == avant


def test_l_import_tient_en_un_nombre_constant_de_requetes(tmp_path, django_assert_max_num_queries):
    chemin = ecrire_csv(
        tmp_path / "lieux.csv", [ligne_du_standard(id=f"lieu-{n}") for n in range(200)]
    )

    with django_assert_max_num_queries(15):
        importer(chemin)

    assert Lieu.objects.count() == 200
    assert Lieu.objects.values("slug").distinct().count() == 200


def test_une_mise_a_jour_ne_change_que_ce_qui_change_et_garde_les_champs_papi(tmp_path):
    importer(ecrire_csv(tmp_path / "a.csv", [ligne_du_standard(), ligne_du_standard(id="autre")]))
    Lieu.objects.filter(identifiant="mediatheque-bellevue").update(
        wifi_gratuit=True, nombre_ordinateurs=6, acces_fauteuil=True, publie=False
    )
    autre_avant = Lieu.objects.get(identifiant="autre").modifie_le
    lieu = Lieu.objects.get(identifiant="mediatheque-bellevue")
    slug, modifie_le = lieu.slug, lieu.modifie_le

    sortie = importer(
        ecrire_csv(
            tmp_path / "b.csv",
            [
                ligne_du_standard(nom="Médiathèque Saint-Martin", horaires="Mo 14:00-18:00"),
                ligne_du_standard(id="autre"),
            ],
        )
    )

    assert "Lieux mis à jour\u00a0: 1" in sortie
    assert "Lieux inchangés\u00a0: 1" in sortie
    lieu.refresh_from_db()
    assert lieu.nom == "Médiathèque Saint-Martin"
    assert lieu.horaires == "Mo 14:00-18:00"
    assert (lieu.wifi_gratuit, lieu.nombre_ordinateurs, lieu.acces_fauteuil) == (True, 6, True)
    assert lieu.publie is False
    assert lieu.slug == slug
    assert lieu.modifie_le > modifie_le
    assert Lieu.objects.get(identifiant="autre").modifie_le == autre_avant
    # Les créneaux suivent les nouveaux horaires, l'index le nouveau nom.
    assert list(lieu.creneaux.values_list("jour", "debut", "fin")) == [(0, 840, 1080)]
    assert not lieu.jours_feries_specifiques
    assert list(Lieu.objects.rechercher("saint-martin")) == [lieu]


def test_une_colonne_absente_du_fichier_n_efface_pas_la_valeur_en_base(tmp_path):
    importer(ecrire_csv(tmp_path / "a.csv", [ligne_du_standard()]))
    colonnes = ["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"]

    sortie = importer(
        ecrire_csv(tmp_path / "b.csv", [ligne_du_standard(nom="Autre nom")], colonnes=colonnes)
    )

    assert "Lieux mis à jour\u00a0: 1" in sortie
    lieu = Lieu.objects.get()
    assert lieu.nom == "Autre nom"
    assert lieu.horaires.startswith("Tu-Fr")
    assert lieu.services


def test_creneaux_et_recherche_sont_a_jour_apres_l_import(
    tmp_path, django_capture_on_commit_callbacks
):
    version = version_des_lieux()
    chemin = ecrire_csv(
        tmp_path / "lieux.csv",
        [
            ligne_du_standard(),
            ligne_du_standard(id="mairie", nom="Mairie de quartier", horaires="Mo-Fr 09:00-12:00"),
        ],
    )

    with django_capture_on_commit_callbacks(execute=True):
        importer(chemin)

    mediatheque = Lieu.objects.get(identifiant="mediatheque-bellevue")
    assert [lieu.nom for lieu in Lieu.objects.rechercher("mediatheque")] == [mediatheque.nom]
    assert list(Lieu.objects.ouverts_le_samedi()) == [mediatheque]
    assert mediatheque.jours_feries_specifiques
    assert Creneau.objects.filter(lieu__identifiant="mairie").count() == 5
    assert version_des_lieux() > version


def test_les_numeros_de_ligne_comptent_les_lignes_du_fichier(tmp_path):
    chemin = ecrire_csv(
        tmp_path / "lieux.csv",
        [
            ligne_du_standard(id="a", presentation_detail="Première ligne.\nDeuxième.\nTroisième."),
            ligne_du_standard(id="b", code_postal="1"),
        ],
    )

    sortie, _ = refus(chemin)

    assert "ligne 5\u00a0: Code postal invalide « 1 »" in sortie


def test_une_ligne_avec_trop_de_champs_est_refusee(tmp_path):
    chemin = tmp_path / "lieux.csv"
    chemin.write_text(texte_csv([ligne_du_standard()]).rstrip() + ',"en trop"\r\n')

    sortie, _ = refus(chemin)

    assert "ligne 2\u00a0: La ligne compte 33 champs pour 32 colonnes" in sortie


def test_des_colonnes_obligatoires_manquantes_sont_nommees(tmp_path):
    colonnes = ["id", "pivot", "commune", "code_postal", "date_maj", "services"]
    chemin = ecrire_csv(tmp_path / "lieux.csv", [ligne_du_standard()], colonnes=colonnes)

    with pytest.raises(CommandError, match=r"absentes de l'en-tête\u00a0: nom, adresse\."):
        importer(chemin)
    with pytest.raises(FichierIllisible):
        lieux_importer(fichier=chemin)


def test_un_fichier_introuvable_vide_ou_pas_en_utf8_est_signale(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        importer(tmp_path / "absent.csv")
    (tmp_path / "vide.csv").write_text("")
    with pytest.raises(CommandError, match="Le fichier est vide"):
        importer(tmp_path / "vide.csv")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(texte_csv([ligne_du_standard()]).encode("latin-1"))
    with pytest.raises(CommandError, match="n'est pas en UTF-8"):
        importer(latin1)


def test_les_colonnes_hors_du_standard_sont_signalees_et_ignorees(tmp_path):
    colonnes = ["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj", "wifi"]
    ligne = ligne_du_standard(wifi="oui")

    sortie = importer(ecrire_csv(tmp_path / "lieux.csv", [ligne], colonnes=colonnes))

    assert "Colonnes hors du standard, ignorées\u00a0: wifi" in sortie
    assert Lieu.objects.get().wifi_gratuit is False


@pytest.mark.parametrize("ligne", [1, 2])
@pytest.mark.usefixtures("limite_csv_de_python")
def test_une_cellule_demesuree_est_signalee_avec_sa_ligne(tmp_path, ligne):
    # Le module csv lève csv.Error au-delà de 128 Kio : la commande s'arrêtait
    # sur une trace de pile en anglais, même dans l'en-tête.
    demesuree = "A" * (csv.field_size_limit() + 1)
    chemin = ecrire_csv(tmp_path / "lieux.csv", [ligne_du_standard()])
    lignes = chemin.read_text().splitlines()
    lignes[ligne - 1] = f"{demesuree},{lignes[ligne - 1]}"
    chemin.write_text("\n".join(lignes) + "\n")

    with pytest.raises(
        CommandError,
        match=rf"CSV mal formé ligne {ligne}\u00a0: une cellule dépasse 131\u202f072 caractères",
    ):
        importer(chemin)
