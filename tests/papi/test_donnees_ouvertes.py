"""Les données ouvertes : GeoJSON de la carte, CSV du standard national."""

import codecs
import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import frictionless
import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from papi.exports import lieux_en_lignes
from papi.horaires import PARIS
from papi.models import Lieu
from papi.referentiel import COLONNES
from papi.services import lieux_enregistrer, lieux_modifies
from tests.papi.factories import LieuFactory

SCHEMA = Path(settings.BASE_DIR) / "papi" / "donnees" / "lieux-mediation-numerique.schema.json"

ACCES = "Accès internet et matériel informatique"
DEMARCHES = "Aide aux démarches administratives"
LOISIRS = "Loisirs et créations numériques"


def nouveau_lieu(**champs) -> Lieu:
    """Un lieu publié de Brest, valide au regard du standard, pas encore enregistré."""
    valeurs = {
        "typologie": ["EPN"],
        "itinerance": ["Fixe"],
        "modalites_acces": ["Se présenter"],
        "modalites_accompagnement": ["En autonomie"],
        "date_maj": date(2025, 3, 14),
    }
    valeurs.update(champs)
    return LieuFactory.build(**valeurs)


def enregistrer(*lieux: Lieu) -> list[Lieu]:
    """Enregistre comme le font l'import et l'administration : créneaux et index compris."""
    lieux_enregistrer(lieux=lieux)
    return list(lieux)


def lieu_complet() -> Lieu:
    """Toutes les colonnes du standard remplies, plusieurs valeurs partout où c'est permis,
    et les caractères qui piègent un CSV (guillemets, virgule, point-virgule, saut de ligne)."""
    return nouveau_lieu(
        identifiant="papi-brest-bellevue",
        nom='Médiathèque de Bellevue, « Espace "multimédia" »',
        slug="mediatheque-de-bellevue-brest",
        complement_adresse="Rez-de-chaussée ; entrée par le parvis",
        latitude=48.401234,
        longitude=-4.512345,
        typologie=["BIB", "EPN"],
        telephone="+33298000000",
        courriels=["mediatheque@exemple.fr", "accueil@exemple.fr"],
        site_web=["https://exemple.fr/bellevue", "https://exemple.fr/agenda"],
        horaires="Tu-Fr 10:00-12:00,14:00-18:30; Sa 10:00-17:00; PH off",
        presentation_resume="Ordinateurs en libre accès et ateliers.",
        presentation_detail="Ateliers collectifs le mardi.\nAide individuelle sur rendez-vous.",
        source="Brest métropole",
        itinerance=["Fixe", "Itinérant"],
        structure_parente="Ville de Brest",
        services=[DEMARCHES, ACCES, LOISIRS],
        publics_specifiquement_adresses=["Jeunes", "Seniors"],
        prise_en_charge_specifique=["Surdité", "Langues étrangères (anglais)"],
        frais_a_charge=["Gratuit", "Gratuit sous condition"],
        dispositif_programmes_nationaux=["Aidants Connect", "Conseillers numériques"],
        formations_labels=["Formé à « Mon Espace Santé »", "ORDI 3.0"],
        autres_formations_labels=["Label local", "Réseau des médiathèques"],
        modalites_acces=["Se présenter", "Téléphoner"],
        modalites_accompagnement=["En autonomie", "Dans un atelier collectif"],
        fiche_acces_libre="https://acceslibre.beta.gouv.fr/app/29-brest/a/bibliotheque/erp/bellevue/",
        prise_rdv="https://www.rdv-solidarites.fr/",
    )


def lignes_du_csv(contenu: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(contenu.decode("utf-8"), newline="")))


def ids_du_geojson(client, **parametres) -> set[str]:
    reponse = client.get(reverse("papi:geojson"), parametres)
    assert reponse.status_code == 200
    return {feature["id"] for feature in json.loads(reponse.content)["features"]}


# --- GeoJSON ---------------------------------------------------------------


@pytest.mark.django_db
def test_le_geojson_est_une_featurecollection_des_lieux_publies_et_geolocalises(client):
    complet, masque, sans_coordonnees = enregistrer(
        lieu_complet(),
        nouveau_lieu(publie=False),
        nouveau_lieu(latitude=None, longitude=None),
    )

    reponse = client.get(reverse("papi:geojson"))

    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/geo+json"
    donnees = json.loads(reponse.content)
    assert donnees == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "papi-brest-bellevue",
                # RFC 7946 : longitude, puis latitude.
                # Cinq décimales, un mètre environ ; un milieu s'arrondit au plus
                # loin de zéro, sur la valeur telle qu'elle a été écrite.
                "geometry": {"type": "Point", "coordinates": [-4.51235, 48.40123]},
                "properties": {
                    "nom": 'Médiathèque de Bellevue, « Espace "multimédia" »',
                    "commune": "Brest",
                    "url": "/papi/mediatheque-de-bellevue-brest/",
                },
            }
        ],
    }
    assert donnees["features"][0]["properties"]["url"] == complet.get_absolute_url()
    assert masque.identifiant not in reponse.content.decode()
    assert sans_coordonnees.identifiant not in reponse.content.decode()


@pytest.mark.django_db
def test_le_geojson_applique_les_filtres_de_la_page_liste(client):
    enregistrer(
        nouveau_lieu(identifiant="brest-acces", services=[ACCES]),
        nouveau_lieu(identifiant="brest-demarches", services=[DEMARCHES, LOISIRS]),
        nouveau_lieu(
            identifiant="guipavas-demarches",
            commune="Guipavas",
            code_postal="29490",
            code_insee="29075",
            services=[DEMARCHES],
            wifi_gratuit=True,
        ),
        nouveau_lieu(
            identifiant="brest-mediatheque",
            nom="Médiathèque des Capucins",
            services=[LOISIRS],
        ),
    )
    tous = {"brest-acces", "brest-demarches", "guipavas-demarches", "brest-mediatheque"}

    assert ids_du_geojson(client, service=DEMARCHES) == {"brest-demarches", "guipavas-demarches"}
    assert ids_du_geojson(client, commune="29019") == tous - {"guipavas-demarches"}
    assert ids_du_geojson(client, commune="29019", service=DEMARCHES) == {"brest-demarches"}
    assert ids_du_geojson(client, wifi="on") == {"guipavas-demarches"}
    # Recherche plein texte française, sans accents.
    assert ids_du_geojson(client, q="mediatheque") == {"brest-mediatheque"}
    assert ids_du_geojson(client, tri="distance", lat="48.39", lon="-4.48") == tous
    # Un filtre invalide est ignoré, comme sur la page liste : jamais d'erreur.
    assert ids_du_geojson(client, service="Cours de cuisine", commune="99999") == tous


@pytest.mark.django_db
def test_ouvert_maintenant_suit_l_heure_malgre_le_cache(client):
    enregistrer(
        nouveau_lieu(identifiant="matin", horaires="Mo-Fr 09:00-12:00"),
        nouveau_lieu(identifiant="apres-midi", horaires="Mo-Fr 14:00-18:00"),
    )

    # Lundi 13 janvier 2025, jour ordinaire.
    with time_machine.travel(datetime(2025, 1, 13, 10, 0, 20, tzinfo=PARIS), tick=False):
        assert ids_du_geojson(client, ouvert="on") == {"matin"}
        reponse = client.get(reverse("papi:geojson"), {"ouvert": "on"})
        assert "max-age=40" in reponse["Cache-Control"]
    with time_machine.travel(datetime(2025, 1, 13, 15, 0, tzinfo=PARIS), tick=False):
        assert ids_du_geojson(client, ouvert="on") == {"apres-midi"}
    with time_machine.travel(datetime(2025, 1, 13, 12, 0, tzinfo=PARIS), tick=False):
        assert ids_du_geojson(client, ouvert="on") == set()


# --- Cache et requêtes conditionnelles -------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("nom", ["papi:geojson", "papi:csv", "papi:xlsx"])
def test_une_requete_repetee_ne_touche_pas_la_base(client, django_assert_num_queries, nom):
    enregistrer(nouveau_lieu(), nouveau_lieu())
    premiere = client.get(reverse(nom))
    assert premiere.status_code == 200
    assert premiere["ETag"].startswith('"')
    assert "public" in premiere["Cache-Control"]
    assert "max-age=300" in premiere["Cache-Control"]
    assert premiere["Last-Modified"]

    with django_assert_num_queries(0):
        meme_etag = client.get(reverse(nom), headers={"If-None-Match": premiere["ETag"]})
        meme_date = client.get(
            reverse(nom), headers={"If-Modified-Since": premiere["Last-Modified"]}
        )
        sans_condition = client.get(reverse(nom))

    assert meme_etag.status_code == 304
    assert meme_etag.content == b""
    assert meme_etag["ETag"] == premiere["ETag"]
    assert "max-age=300" in meme_etag["Cache-Control"]
    assert meme_date.status_code == 304
    assert sans_condition.status_code == 200
    assert sans_condition.content == premiere.content
    assert sans_condition["ETag"] == premiere["ETag"]


@pytest.mark.django_db
@pytest.mark.parametrize("nom", ["papi:geojson", "papi:csv"])
def test_une_modification_des_lieux_change_l_etag_et_le_contenu(
    client, django_capture_on_commit_callbacks, nom
):
    (lieu,) = enregistrer(nouveau_lieu(nom="Ancien nom"))
    avant = client.get(reverse(nom))

    with django_capture_on_commit_callbacks(execute=True):
        Lieu.objects.filter(pk=lieu.pk).update(nom="Nouveau nom")
        lieux_modifies()
    apres = client.get(reverse(nom), headers={"If-None-Match": avant["ETag"]})

    assert apres.status_code == 200
    assert apres["ETag"] != avant["ETag"]
    assert "Nouveau nom" in apres.content.decode()
    assert "Ancien nom" not in apres.content.decode()


@pytest.mark.django_db
def test_l_etag_du_geojson_depend_des_filtres_et_non_de_leur_ordre(client):
    enregistrer(nouveau_lieu())
    url = reverse("papi:geojson")

    def etag(requete: str) -> str:
        return client.get(f"{url}?{requete}")["ETag"]

    reference = etag(f"commune=29019&service={DEMARCHES}")
    assert etag(f"service={DEMARCHES}&commune=29019&_=1712345678") == reference
    assert etag(f"service={DEMARCHES}") != reference
    assert etag("") == etag("page=3&utm_source=lettre")


# --- CSV du standard national ----------------------------------------------


@pytest.mark.django_db
def test_le_csv_respecte_le_standard_national_selon_frictionless(client, tmp_path):
    enregistrer(
        lieu_complet(),
        nouveau_lieu(identifiant="sans-coordonnees", latitude=None, longitude=None),
        nouveau_lieu(identifiant="minimal", typologie=[], services=[], itinerance=[]),
        nouveau_lieu(identifiant="masque", publie=False),
    )

    reponse = client.get(reverse("papi:csv"))

    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert reponse["Content-Disposition"] == (
        'attachment; filename="lieux-mediation-numerique-brest-metropole.csv"'
    )
    assert not reponse.content.startswith(codecs.BOM_UTF8)
    (tmp_path / "lieux.csv").write_bytes(reponse.content)
    ressource = frictionless.Resource(
        path="lieux.csv",
        basepath=str(tmp_path),
        schema=frictionless.Schema.from_descriptor(json.loads(SCHEMA.read_text())),
    )
    rapport = ressource.validate()
    erreurs = rapport.flatten(["rowNumber", "fieldName", "type", "note"])
    assert rapport.valid, erreurs
    assert rapport.tasks[0].stats["rows"] == 3

    en_tete, *lignes = lignes_du_csv(reponse.content)
    assert en_tete == COLONNES
    par_id = {ligne[0]: dict(zip(COLONNES, ligne, strict=True)) for ligne in lignes}
    assert set(par_id) == {"papi-brest-bellevue", "sans-coordonnees", "minimal"}
    complet = par_id["papi-brest-bellevue"]
    assert complet["nom"] == 'Médiathèque de Bellevue, « Espace "multimédia" »'
    assert complet["services"] == f"{DEMARCHES}|{ACCES}|{LOISIRS}"
    assert complet["courriels"] == "mediatheque@exemple.fr|accueil@exemple.fr"
    assert complet["formations_labels"] == "Formé à « Mon Espace Santé »|ORDI 3.0"
    assert complet["itinerance"] == "Fixe|Itinérant"
    assert complet["presentation_detail"].count("\n") == 1
    assert complet["latitude"] == "48.401234"
    assert complet["longitude"] == "-4.512345"
    assert complet["date_maj"] == "2025-03-14"
    assert par_id["sans-coordonnees"]["latitude"] == ""
    assert par_id["sans-coordonnees"]["longitude"] == ""
    assert par_id["minimal"]["services"] == ""
    assert par_id["minimal"]["telephone"] == ""


@pytest.mark.django_db
def test_les_coordonnees_s_ecrivent_en_decimal_sans_notation_scientifique():
    # Près du méridien de Greenwich, repr() écrirait « 3e-05 ».
    enregistrer(nouveau_lieu(latitude=49.5, longitude=0.00003))

    (ligne,) = lieux_en_lignes(Lieu.objects.all())

    valeurs = dict(zip(COLONNES, ligne, strict=True))
    assert (valeurs["latitude"], valeurs["longitude"]) == ("49.5", "0.00003")


# --- Nombre de requêtes ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nom", "parametres"),
    [
        ("papi:geojson", {}),
        ("papi:geojson", {"commune": "29019", "service": ACCES, "ouvert": "on", "q": "espace"}),
        ("papi:csv", {}),
    ],
)
def test_les_exports_lisent_les_lieux_en_une_seule_requete(
    client, django_assert_max_num_queries, nom, parametres
):
    enregistrer(*(nouveau_lieu() for _ in range(300)))

    lundi_matin = datetime(2025, 1, 13, 10, 0, tzinfo=PARIS)
    with (
        time_machine.travel(lundi_matin, tick=False),
        django_assert_max_num_queries(8) as requetes,
    ):
        reponse = client.get(reverse(nom), parametres)

    assert reponse.status_code == 200
    lectures = [q["sql"] for q in requetes.captured_queries if '"papi_lieu"' in q["sql"]]
    assert len(lectures) == 1, lectures
    if nom == "papi:csv":
        assert len(lignes_du_csv(reponse.content)) == 301
    else:
        assert len(json.loads(reponse.content)["features"]) == 300


@pytest.mark.django_db
def test_le_csv_national_ne_contient_pas_les_lieux_d_exemple(client):
    LieuFactory(identifiant="reel-1", nom="Lieu réel")
    LieuFactory(identifiant="exemple-1", nom="Lieu fictif", donnees_exemple=True)

    lignes = list(csv.DictReader(io.StringIO(client.get(reverse("papi:csv")).content.decode())))

    assert [ligne["id"] for ligne in lignes] == ["reel-1"]


@pytest.mark.django_db
def test_le_geojson_part_compresse_pour_qui_accepte_gzip(client):
    import gzip

    LieuFactory.create_batch(30)

    compresse = client.get(reverse("papi:geojson"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    brut = client.get(reverse("papi:geojson"))

    assert compresse["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compresse["Vary"]
    assert json.loads(gzip.decompress(compresse.content)) == json.loads(brut.content)
    assert len(compresse.content) < len(brut.content) / 3
    assert compresse["ETag"] != brut["ETag"], "deux représentations, deux ETag"
    assert not brut.has_header("Content-Encoding")
    repetition = client.get(
        reverse("papi:geojson"), HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compresse["ETag"]
    )
    assert repetition.status_code == 304


@pytest.mark.django_db
def test_aller_retour_export_puis_import_ne_change_rien(client, tmp_path):
    from papi.exports import lieux_en_csv
    from papi.importation import lieux_importer

    LieuFactory(
        identifiant="aller-retour-1",
        services=[DEMARCHES, ACCES],
        publics_specifiquement_adresses=["Seniors", "Jeunes"],
        courriels=["accueil@exemple.fr", "contact@exemple.fr"],
        telephone="+33298000000",
        presentation_resume='Accueil « libre », guillemets "doubles", virgules, etc.',
        latitude=48.39012,
        longitude=-4.48765,
    )
    LieuFactory(identifiant="aller-retour-2", latitude=None, longitude=None, horaires="")
    avant = client.get(reverse("papi:csv")).content
    fichier = tmp_path / "export.csv"
    fichier.write_bytes(avant)

    rapport = lieux_importer(fichier=fichier)

    assert (rapport.crees, rapport.modifies, rapport.inchanges, rapport.refuses) == (0, 0, 2, 0)
    # Dans une base vide, le même fichier recrée des lieux qui s'exportent à l'identique.
    Lieu.objects.all().delete()
    assert lieux_importer(fichier=fichier).crees == 2
    assert lieux_en_csv(Lieu.objects.publies().order_by("identifiant")) == avant
