"""La recherche par adresse de l'annuaire, jouée contre un faux géocodeur local
(tests/papi/geocodeur.py) : il répond, il tarde, il tombe en panne, il ne connaît
pas l'adresse. La page se sert toujours, et dit d'où part le tri."""

import socket

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papi.geocodage import Issue, commune_nommee, geocoder
from papi.models import Commune
from tests.papi.factories import LieuFactory
from tests.papi.geocodeur import faux_geocodeur_demarre

pytestmark = pytest.mark.django_db

SIAM = "12 rue de siam"
# Tout près du lieu « Rue de Siam », loin de Guipavas et de Plouzané.
POSITION_SIAM = (48.3890, -4.4870, "12 Rue de Siam 29200 Brest")


@pytest.fixture
def geocodeur(settings):
    with faux_geocodeur_demarre(settings) as faux:
        faux.adresses[SIAM] = POSITION_SIAM
        yield faux


@pytest.fixture
def lieux():
    # Par ordre alphabétique : Guipavas, rue de Siam, Plouzané ; par distance de la
    # rue de Siam comme du centre de Brest : rue de Siam, Guipavas (8 km), Plouzané
    # (10 km).
    return [
        LieuFactory(nom="Espace de la rue de Siam", latitude=48.3895, longitude=-4.4880),
        LieuFactory(
            nom="Cyberbase de Guipavas",
            commune="Guipavas",
            code_insee="29075",
            code_postal="29490",
            latitude=48.4347,
            longitude=-4.3997,
        ),
        LieuFactory(
            nom="Médiathèque de Plouzané",
            commune="Plouzané",
            code_insee="29212",
            code_postal="29280",
            latitude=48.3833,
            longitude=-4.6167,
        ),
    ]


def noms(reponse) -> list[str]:
    return [lieu.nom for lieu in reponse.context["page"]]


def texte(reponse) -> str:
    """Le HTML, espaces insécables (la typographie française) lues comme des espaces."""
    return reponse.content.decode().replace("\xa0", " ").replace("\u202f", " ")


def test_une_adresse_trie_les_lieux_par_distance_depuis_elle(client, geocodeur, lieux):
    reponse = client.get("/papi/", {"adresse": "12, rue de Siam"})

    assert noms(reponse) == [
        "Espace de la rue de Siam",
        "Cyberbase de Guipavas",
        "Médiathèque de Plouzané",
    ]
    html = texte(reponse)
    assert "Les lieux les plus proches de « 12 Rue de Siam 29200 Brest » d'abord." in html
    assert "à 0,1 km" in html
    # Le géocodeur a reçu l'adresse (ses mots, en minuscules), une seule fois, avec
    # la préférence pour la métropole.
    ((requete,),) = [geocodeur.requetes]
    assert requete["chemin"] == "/search/"
    assert requete["q"] == SIAM
    assert requete["limit"] == "1"
    assert (requete["lat"], requete["lon"]) == ("48.4", "-4.48")
    # Chercher une adresse, c'est trier par distance : le choix affiché le dit.
    assert reponse.context["filtres"]["tri"].value() == "distance"


def test_un_second_appel_identique_ne_refrappe_pas_le_geocodeur(geocodeur, lieux):
    premier = geocoder("12 rue de Siam")
    # Même adresse, autre saisie : même clé de cache.
    second = geocoder("  12,  RUE de siam ")

    assert premier == second
    assert premier.issue == Issue.TROUVEE
    assert premier.position == (48.3890, -4.4870)
    assert len(geocodeur.requetes) == 1


def test_la_page_d_une_adresse_est_gardee_sous_l_adresse_canonique(client, geocodeur, lieux):
    client.get("/papi/", {"adresse": "12 rue de Siam"})
    client.get("/papi/", {"adresse": "  12   rue de Siam "})  # la même page en cache
    client.get("/papi/", {"adresse": "12 rue de Siam", "tri": "nom"})  # le tri suit l'adresse
    pages = cache._cache.get_client().keys("*page:papi-liste*")
    assert len(pages) == 1

    geocodeur.adresses["3 rue jean jaures"] = (48.3920, -4.4770, "3 Rue Jean Jaurès 29200 Brest")
    client.get("/papi/", {"adresse": "3 rue Jean Jaurès"})
    assert len(cache._cache.get_client().keys("*page:papi-liste*")) == 2
    assert len(geocodeur.requetes) == 2


def test_une_adresse_inconnue_le_dit_et_trie_depuis_le_centre_de_brest(client, geocodeur, lieux):
    reponse = client.get("/papi/", {"adresse": "999 allée des nuages"})

    html = texte(reponse)
    assert "Adresse introuvable : « 999 allée des nuages »." in html
    assert "les lieux sont triés depuis le centre de Brest" in html
    assert noms(reponse) == [
        "Espace de la rue de Siam",
        "Cyberbase de Guipavas",
        "Médiathèque de Plouzané",
    ]
    assert len(geocodeur.requetes) == 1


@pytest.mark.parametrize(
    ("saisie", "commune"),
    [("5 rue de Brest, Plouzané", "Plouzané"), ("place de la mairie 29490", "Guipavas")],
)
def test_une_adresse_introuvable_trie_depuis_la_commune_qu_elle_nomme(
    client, geocodeur, lieux, saisie, commune
):
    # Avant : depuis Brest, quelle que soit la commune tapée.
    html = texte(client.get("/papi/", {"adresse": saisie}))

    assert f"les lieux sont triés depuis le centre de {commune}" in html


@pytest.mark.parametrize(
    ("adresse", "attendue"),
    [
        ("12 rue de Siam", None),
        ("3 rue Jean Jaurès, le relecq kerhuon", "Le Relecq-Kerhuon"),
        ("LE RELECQ-KERHUON", "Le Relecq-Kerhuon"),
        ("route de Brest 29470 Plougastel Daoulas", "Plougastel-Daoulas"),
        ("rue de Guipavas, Brest", "Brest"),
        ("29280", "Plouzané"),
        # Bohars et Guilers partagent 29820 : le code seul ne choisit pas.
        ("allée des chênes 29820", None),
        ("rue de Brestoise", None),
    ],
)
def test_la_commune_nommee_par_une_adresse(adresse, attendue):
    nommee = commune_nommee(adresse, Commune.objects.all())

    assert (nommee.nom if nommee else None) == attendue


@pytest.mark.parametrize("humeur", ["lent", "panne", "illisible"])
def test_un_geocodeur_lent_en_panne_ou_illisible_laisse_la_page_trier_depuis_la_commune(
    client, geocodeur, lieux, humeur
):
    geocodeur.humeur = humeur

    reponse = client.get("/papi/", {"adresse": "12 rue de Siam", "commune": "29075"})

    assert reponse.status_code == 200
    html = texte(reponse)
    assert "La recherche par adresse ne répond pas pour le moment" in html
    assert "triés depuis le centre de Guipavas" in html
    assert noms(reponse) == ["Cyberbase de Guipavas"]
    assert len(geocodeur.requetes) == 1


def test_un_geocodeur_muet_n_est_pas_reinterroge_a_chaque_visite(client, geocodeur, lieux):
    geocodeur.humeur = "panne"

    for _ in range(3):
        reponse = client.get("/papi/", {"adresse": "12 rue de Siam", "wifi": "on"})
        assert "ne répond pas" in texte(reponse)
        cache.delete_many(cache._cache.get_client().keys("*page:papi-liste*"))

    assert len(geocodeur.requetes) == 1


def test_un_geocodeur_injoignable_laisse_la_page_trier_depuis_brest(client, settings, lieux):
    with socket.socket() as prise:  # un port libre, que personne n'écoute
        prise.bind(("127.0.0.1", 0))
        port = prise.getsockname()[1]
    settings.GEOCODEUR_URL = f"http://127.0.0.1:{port}/search/"

    reponse = client.get("/papi/", {"adresse": "12 rue de Siam"})

    html = texte(reponse)
    assert "La recherche par adresse ne répond pas pour le moment" in html
    assert "triés depuis le centre de Brest" in html
    assert noms(reponse)[0] == "Espace de la rue de Siam"


@pytest.mark.parametrize("saisie", ["a", "!!", "  - "])
def test_une_adresse_trop_courte_est_refusee_a_cote_du_champ(client, geocodeur, lieux, saisie):
    html = texte(client.get("/papi/", {"adresse": saisie}))

    assert 'id="id_adresse_error"' in html
    assert "Tapez une adresse d&#x27;au moins 3 lettres ou chiffres" in html
    assert geocodeur.requetes == []


def test_sans_aucune_position_le_tri_par_distance_le_dit(client, geocodeur, lieux):
    reponse = client.get("/papi/", {"tri": "distance"})

    html = texte(reponse)
    assert "Pour trier par distance, il faut un point de départ" in html
    assert "les lieux sont triés par nom" in html
    assert noms(reponse) == [
        "Cyberbase de Guipavas",
        "Espace de la rue de Siam",
        "Médiathèque de Plouzané",
    ]


def _requetes_de_la_page(client, parametres: dict) -> int:
    cache.clear()  # ni page, ni facettes, ni géocodage gardés : tout se refait
    with CaptureQueriesContext(connection) as requetes:
        assert client.get("/papi/", parametres).status_code == 200
    return len(requetes)


def test_le_nombre_de_requetes_ne_depend_pas_du_nombre_de_lieux(client, geocodeur):
    parametres = {"adresse": "12 rue de Siam", "wifi": "on"}
    LieuFactory.create_batch(3, wifi_gratuit=True)
    a_trois = _requetes_de_la_page(client, parametres)
    LieuFactory.create_batch(27, wifi_gratuit=True)
    a_trente = _requetes_de_la_page(client, parametres)
    LieuFactory.create_batch(30, wifi_gratuit=True)
    a_soixante = _requetes_de_la_page(client, parametres)

    # Trois lieux tiennent sur la première page : leur total ne se compte pas
    # (brest_numerique/pagination.py) ; au-delà d'une page, plus rien ne change.
    assert a_trois <= a_trente <= a_trois + 1
    assert a_trente == a_soixante
