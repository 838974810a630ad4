"""L'administration des lieux : liste, fiche, actions, import et export au standard."""

import io
from datetime import date

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from papi.models import Commune, Creneau, Lieu
from papi.referentiel import COLONNES
from papi.ressources import LieuResource
from papi.services import version_des_lieux
from tests.papi.factories import LieuFactory
from tests.papi.fichiers import ecrire_csv, ligne_du_standard, texte_csv

pytestmark = pytest.mark.django_db

URL_IMPORT = reverse("admin:papi_lieu_import")
CSV, XLSX = "0", "1"  # rang des formats dans LieuAdmin.import_formats


@pytest.fixture
def client_admin(client, administrateur):
    client.force_login(administrateur)
    return client


def donnees_du_formulaire(lieu: Lieu, **surcharges) -> dict:
    """Ce que renvoie le formulaire de la fiche d'un lieu, tel qu'affiché."""
    donnees = {
        "identifiant": lieu.identifiant,
        "pivot": lieu.pivot,
        "nom": lieu.nom,
        "typologie": "|".join(lieu.typologie),
        "structure_parente": lieu.structure_parente,
        "source": lieu.source,
        "date_maj": lieu.date_maj.isoformat(),
        "adresse": lieu.adresse,
        "complement_adresse": lieu.complement_adresse,
        "code_postal": lieu.code_postal,
        "commune": lieu.commune,
        "code_insee": lieu.code_insee,
        "latitude": lieu.latitude,
        "longitude": lieu.longitude,
        "telephone": lieu.telephone,
        "courriels": "|".join(lieu.courriels),
        "site_web": "|".join(lieu.site_web),
        "prise_rdv": lieu.prise_rdv,
        "fiche_acces_libre": lieu.fiche_acces_libre,
        "horaires": lieu.horaires,
        "presentation_resume": lieu.presentation_resume,
        "presentation_detail": lieu.presentation_detail,
        "services": lieu.services,
        "frais_a_charge": lieu.frais_a_charge,
        "autres_formations_labels": "",
        "nombre_ordinateurs": "",
        "prix_impression": "",
        "acces_fauteuil": "unknown",
        "publie": "on",
        "slug": lieu.slug,
    }
    donnees.update(surcharges)
    return {cle: valeur for cle, valeur in donnees.items() if valeur is not None}


def televerser(client, texte: str | bytes, *, format=CSV, nom="lieux.csv"):
    contenu = texte.encode() if isinstance(texte, str) else texte
    return client.post(
        URL_IMPORT,
        {"resource": "0", "format": format, "import_file": SimpleUploadedFile(nom, contenu)},
    )


def test_la_liste_et_ses_filtres_s_affichent(client_admin):
    LieuFactory(nom="Médiathèque de Bellevue", typologie=["BIB"])
    LieuFactory(nom="Tiers-lieu de Reims", commune="Reims", code_insee="51454")
    url = reverse("admin:papi_lieu_changelist")

    reponse = client_admin.get(url)

    assert reponse.status_code == 200
    assert "Médiathèque de Bellevue" in reponse.text
    assert "Bibliothèque, médiathèque" in reponse.text
    assert "Hors Brest métropole" in reponse.text
    assert list(client_admin.get(url, {"code_insee": "hors"}).context["cl"].result_list) == [
        Lieu.objects.get(commune="Reims")
    ]
    assert client_admin.get(url, {"code_insee": "29019"}).context["cl"].result_count == 1
    assert client_admin.get(url, {"q": "bellevue"}).context["cl"].result_count == 1
    assert client_admin.get(url, {"wifi_gratuit__exact": "1"}).status_code == 200


def test_la_fiche_s_affiche_avec_ses_groupes_et_ses_aides(client_admin):
    lieu = LieuFactory()

    reponse = client_admin.get(reverse("admin:papi_lieu_change", args=[lieu.pk]))

    assert reponse.status_code == 200
    for texte in [
        "Identification (standard national)",
        "Équipement du point d&#x27;accès (propre à Brest métropole)",
        "Format OpenStreetMap",
        "Degrés décimaux (WGS 84)",
    ]:
        assert texte in reponse.text
    assert client_admin.get(reverse("admin:papi_lieu_add")).status_code == 200


def test_enregistrer_une_fiche_recalcule_creneaux_recherche_et_caches(
    client_admin, django_capture_on_commit_callbacks
):
    lieu = LieuFactory()
    version = version_des_lieux()
    donnees = donnees_du_formulaire(
        lieu, nom="Cyberespace des Capucins", horaires="Sa 10:00-12:00", wifi_gratuit="on"
    )

    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_admin.post(reverse("admin:papi_lieu_change", args=[lieu.pk]), donnees)

    assert reponse.status_code == 302
    lieu.refresh_from_db()
    assert lieu.wifi_gratuit
    assert list(lieu.creneaux.values_list("jour", "debut", "fin")) == [(5, 600, 720)]
    assert list(Lieu.objects.rechercher("capucins")) == [lieu]
    assert version_des_lieux() > version


def test_un_lieu_ajoute_sans_slug_en_recoit_un(client_admin):
    modele = LieuFactory.build(nom="Espace numérique de Kerourien", slug="")

    reponse = client_admin.post(reverse("admin:papi_lieu_add"), donnees_du_formulaire(modele))

    assert reponse.status_code == 302
    lieu = Lieu.objects.get()
    assert lieu.slug == "espace-numerique-de-kerourien-brest"
    assert lieu.creneaux.count() == 10


@pytest.mark.parametrize(
    ("surcharges", "message"),
    [
        ({"horaires": "du lundi au vendredi"}, "Horaires invalides"),
        ({"latitude": "-4.49", "longitude": "48.39"}, "Coordonnées hors de France"),
        ({"code_postal": "292"}, "Code postal invalide « 292 »"),
        ({"code_insee": "2C004"}, "Code INSEE invalide « 2C004 »"),
        ({"pivot": "123"}, "Le pivot doit être un SIRET"),
        ({"services": ["Café numérique"]}, "Café numérique"),
    ],
)
def test_la_fiche_refuse_des_valeurs_invalides(client_admin, surcharges, message):
    lieu = LieuFactory()

    reponse = client_admin.post(
        reverse("admin:papi_lieu_change", args=[lieu.pk]), donnees_du_formulaire(lieu, **surcharges)
    )

    assert reponse.status_code == 200
    assert message in reponse.text
    lieu.refresh_from_db()
    assert lieu.horaires == LieuFactory.horaires


def test_publier_et_depublier_en_lot(client_admin, django_capture_on_commit_callbacks):
    lieux = LieuFactory.create_batch(3, publie=False)
    url = reverse("admin:papi_lieu_changelist")
    version = version_des_lieux()

    with django_capture_on_commit_callbacks(execute=True):
        client_admin.post(
            url, {"action": "publier", "_selected_action": [lieux[0].pk, lieux[1].pk]}
        )

    assert Lieu.objects.filter(publie=True).count() == 2
    assert version_des_lieux() > version
    client_admin.post(url, {"action": "depublier", "_selected_action": [lieux[0].pk]})
    assert Lieu.objects.filter(publie=True).count() == 1


def test_supprimer_un_lieu_emporte_ses_creneaux_et_change_la_version(
    client_admin, django_capture_on_commit_callbacks
):
    lieu = LieuFactory()
    version = version_des_lieux()

    with django_capture_on_commit_callbacks(execute=True):
        client_admin.post(reverse("admin:papi_lieu_delete", args=[lieu.pk]), {"post": "yes"})

    assert not Lieu.objects.exists()
    assert not Creneau.objects.exists()
    assert version_des_lieux() > version


def test_les_communes_se_consultent_sans_se_modifier(client_admin):
    commune = Commune.objects.get(code_insee="29019")

    assert client_admin.get(reverse("admin:papi_commune_changelist")).status_code == 200
    assert client_admin.get(reverse("admin:papi_commune_add")).status_code == 403
    reponse = client_admin.post(
        reverse("admin:papi_commune_change", args=[commune.pk]), {"nom": "Brest-Même"}
    )
    assert reponse.status_code == 403
    commune.refresh_from_db()
    assert commune.nom == "Brest"


def test_l_apercu_d_import_montre_la_ligne_refusee_avec_la_meme_raison_que_la_commande(
    client_admin, tmp_path
):
    lignes = [ligne_du_standard(), ligne_du_standard(id="fautif", code_postal="2920")]

    reponse = televerser(client_admin, texte_csv(lignes, separateur=";"))

    assert reponse.status_code == 200
    resultat = reponse.context["result"]
    assert resultat.has_validation_errors()
    assert "confirm_form" not in reponse.context
    [invalide] = resultat.invalid_rows
    assert invalide.number == 2
    assert invalide.non_field_specific_errors == [
        "Code postal invalide « 2920 »\u00a0: 5 chiffres attendus."
    ]
    assert "Code postal invalide « 2920 »\u00a0: 5 chiffres attendus." in reponse.text
    assert not Lieu.objects.exists()

    sortie = io.StringIO()
    with pytest.raises(CommandError):
        call_command("importer_lieux", str(ecrire_csv(tmp_path / "l.csv", lignes)), stdout=sortie)
    assert (
        "ligne 3\u00a0: Code postal invalide « 2920 »\u00a0: 5 chiffres attendus."
        in sortie.getvalue()
    )


def test_l_import_de_l_administration_refuse_aussi_les_doublons(client_admin):
    lignes = [ligne_du_standard(), ligne_du_standard(nom="Doublon")]

    resultat = televerser(client_admin, texte_csv(lignes)).context["result"]

    [invalide] = resultat.invalid_rows
    assert invalide.non_field_specific_errors == [
        "Identifiant « mediatheque-bellevue » en double\u00a0: il figure déjà ligne 2."
    ]


def test_un_import_confirme_cree_les_lieux_avec_slug_creneaux_et_recherche(client_admin):
    existant = LieuFactory(identifiant="mediatheque-bellevue", wifi_gratuit=True)
    lignes = [ligne_du_standard(), ligne_du_standard(id="mairie", nom="Mairie de Saint-Marc")]

    apercu = televerser(client_admin, "\ufeff" + texte_csv(lignes))
    assert apercu.status_code == 200
    types = [ligne.import_type for ligne in apercu.context["result"].rows]
    assert types == ["update", "new"]
    assert not Lieu.objects.filter(identifiant="mairie").exists()

    confirmation = apercu.context["confirm_form"].initial
    reponse = client_admin.post(reverse("admin:papi_lieu_process_import"), confirmation)

    assert reponse.status_code == 302
    mairie = Lieu.objects.get(identifiant="mairie")
    assert mairie.slug == "mairie-de-saint-marc-brest"
    assert mairie.creneaux.exists()
    existant.refresh_from_db()
    assert existant.nom == "Médiathèque de Bellevue"
    assert existant.wifi_gratuit
    assert [lieu.identifiant for lieu in Lieu.objects.rechercher("saint-marc")] == ["mairie"]


def test_l_export_suit_les_colonnes_du_standard():
    lieu = LieuFactory(services=["Aide aux démarches administratives", "Certification PIX"])

    donnees = LieuResource().export()

    assert donnees.headers == COLONNES
    ligne = dict(zip(COLONNES, donnees[0], strict=True))
    assert ligne["id"] == lieu.identifiant
    assert ligne["services"] == "Aide aux démarches administratives|Certification PIX"
    assert ligne["date_maj"] == lieu.date_maj.isoformat()
    assert ligne["latitude"] == "48.39"
    assert ligne["publics_specifiquement_adresses"] == ""


def test_export_puis_import_ne_change_rien_en_csv_et_en_xlsx(client_admin, tmp_path):
    call_command("importer_lieux", str(ecrire_csv(tmp_path / "l.csv", [ligne_du_standard()])))
    LieuFactory(date_maj=date(2024, 1, 31))
    avant = list(Lieu.objects.values())
    donnees = LieuResource().export()

    for contenu, format, nom in [
        (donnees.export("csv"), CSV, "lieux.csv"),
        (donnees.export("xlsx"), XLSX, "lieux.xlsx"),
    ]:
        resultat = televerser(client_admin, contenu, format=format, nom=nom).context["result"]
        assert not resultat.has_validation_errors(), nom
        assert [ligne.import_type for ligne in resultat.rows] == ["skip", "skip"], nom

    export = tmp_path / "export.csv"
    export.write_text(donnees.export("csv"))
    sortie = io.StringIO()
    call_command("importer_lieux", str(export), stdout=sortie)
    assert "Lieux inchangés\u00a0: 2" in sortie.getvalue()
    assert list(Lieu.objects.values()) == avant


def test_un_tableur_xlsx_aux_cellules_numeriques_est_lu_comme_le_standard(client_admin):
    classeur = openpyxl.Workbook()
    feuille = classeur.active
    ligne = ligne_du_standard()
    feuille.append(COLONNES)
    # Un tableur lit volontiers codes et coordonnées comme des nombres, la date comme une date.
    valeurs = {
        **ligne,
        "pivot": 21290019500019,
        "code_postal": 29200,
        "code_insee": 29019,
        "latitude": 48.3986,
        "longitude": -4.5044,
        "date_maj": date(2025, 3, 14),
    }
    feuille.append([valeurs[colonne] for colonne in COLONNES])
    fichier = io.BytesIO()
    classeur.save(fichier)

    resultat = televerser(client_admin, fichier.getvalue(), format=XLSX, nom="l.xlsx")

    assert not resultat.context["result"].has_validation_errors()
    assert [rang.import_type for rang in resultat.context["result"].rows] == ["new"]


def test_l_export_de_l_administration_produit_un_csv_au_standard(client_admin):
    LieuFactory()
    url = reverse("admin:papi_lieu_export")
    formulaire = client_admin.get(url).context["form"]
    donnees = {"format": CSV, "resource": "0"}
    donnees.update({nom: "on" for nom in formulaire.fields if nom not in donnees})
    del donnees["export_items"]

    reponse = client_admin.post(url, donnees)

    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("text/csv")
    contenu = b"".join(reponse) if reponse.streaming else reponse.content
    assert tablib.Dataset().load(contenu.decode(), format="csv").headers == COLONNES
