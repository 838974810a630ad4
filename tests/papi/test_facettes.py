"""Les facettes de l'annuaire : chaque liste de choix n'offre que les valeurs que
des lieux publiés portent, avec leur nombre, comptés en une seule requête."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papi.facettes import facettes_compter
from papi.models import Lieu
from papi.services import lieux_publier
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

DEMARCHES = "Aide aux démarches administratives"
ACCES = "Accès internet et matériel informatique"
# Un label d'une autre région : le référentiel national le connaît, aucun lieu ici.
LABEL_D_AILLEURS = "SUD LABS (PACA)"


@pytest.fixture
def lieux():
    LieuFactory(
        services=[DEMARCHES, ACCES],
        publics_specifiquement_adresses=["Seniors"],
        modalites_acces=["Se présenter", "Téléphoner"],
        dispositif_programmes_nationaux=["France Services"],
        formations_labels=["Formé à « Mon Espace Santé »"],
    )
    LieuFactory(services=[DEMARCHES], frais_a_charge=["Gratuit", "Payant"])
    LieuFactory(
        commune="Guipavas",
        code_insee="29075",
        code_postal="29490",
        services=[DEMARCHES],
        modalites_accompagnement=["Dans un atelier collectif"],
        dispositif_programmes_nationaux=["France Services"],
    )
    # Ni compté, ni offert : un lieu non publié.
    LieuFactory(
        publie=False,
        commune="Plouzané",
        code_insee="29212",
        services=["Loisirs et créations numériques"],
        formations_labels=[LABEL_D_AILLEURS],
    )


def options(html: str, champ: str) -> dict[str, str]:
    """Valeur → libellé des options de la liste `champ`, le choix vide compris."""
    liste = BeautifulSoup(html, "html.parser").find("select", attrs={"name": champ})
    return {option["value"]: option.get_text(strip=True) for option in liste.find_all("option")}


def selectionnee(html: str, champ: str) -> str | None:
    liste = BeautifulSoup(html, "html.parser").find("select", attrs={"name": champ})
    option = liste.find("option", selected=True)
    return option["value"] if option else None


def test_les_comptes_sont_ceux_des_lieux_publies(lieux):
    assert facettes_compter() == {
        "commune": {"29019": 2, "29075": 1},
        "service": {DEMARCHES: 3, ACCES: 1},
        "public": {"Seniors": 1},
        "accompagnement": {"Dans un atelier collectif": 1},
        "acces": {"Se présenter": 1, "Téléphoner": 1},
        "frais": {"Gratuit": 3, "Payant": 1},
        "programme": {"France Services": 2, "Formé à « Mon Espace Santé »": 1},
    }


def test_chaque_liste_n_offre_que_les_valeurs_portees_avec_leur_nombre(client, lieux):
    html = client.get("/papi/").content.decode()

    assert options(html, "service") == {
        "": "Tous",
        DEMARCHES: f"{DEMARCHES} (3)",
        ACCES: f"{ACCES} (1)",
    }
    assert options(html, "commune") == {"": "Toutes", "29019": "Brest (2)", "29075": "Guipavas (1)"}
    assert options(html, "acces") == {
        "": "Toutes",
        "Se présenter": "Se présenter (1)",
        "Téléphoner": "Téléphoner (1)",
    }
    assert options(html, "programme") == {
        "": "Tous",
        "France Services": "France Services (2)",
        "Formé à « Mon Espace Santé »": "Formé à « Mon Espace Santé » (1)",
    }
    assert LABEL_D_AILLEURS not in html
    assert "Plouzané (" not in html


def test_publier_un_lieu_change_les_comptes(client, lieux, django_capture_on_commit_callbacks):
    assert options(client.get("/papi/").content.decode(), "commune")["29075"] == "Guipavas (1)"

    nouveau = LieuFactory(commune="Guipavas", code_insee="29075", publie=False)
    assert options(client.get("/papi/").content.decode(), "commune")["29075"] == "Guipavas (1)"
    with django_capture_on_commit_callbacks(execute=True):
        lieux_publier(lieux=Lieu.objects.filter(pk=nouveau.pk), publie=True)

    assert options(client.get("/papi/").content.decode(), "commune")["29075"] == "Guipavas (2)"


def test_une_valeur_de_l_adresse_qu_aucun_lieu_ne_porte_reste_choisie(client, lieux):
    reponse = client.get("/papi/", {"programme": LABEL_D_AILLEURS, "commune": "29212"})

    html = reponse.content.decode()
    assert selectionnee(html, "programme") == LABEL_D_AILLEURS
    assert options(html, "programme")[LABEL_D_AILLEURS] == f"{LABEL_D_AILLEURS} (0)"
    assert selectionnee(html, "commune") == "29212"
    assert options(html, "commune")["29212"] == "Plouzané (0)"
    assert "Certains filtres sont invalides" not in html
    assert reponse.context["page"].paginator.count == 0
    assert "0 lieu trouvé" in html.replace("\xa0", " ")


def test_une_valeur_hors_du_referentiel_reste_une_erreur(client, lieux):
    html = client.get("/papi/", {"service": "Astrologie"}).content.decode()

    assert 'id="id_service_error"' in html
    assert "Astrologie" not in options(html, "service")


def _requetes(client, parametres: dict) -> tuple[int, int]:
    """(requêtes des facettes seules, requêtes de la page), caches vidés."""
    cache.clear()
    with CaptureQueriesContext(connection) as facettes:
        facettes_compter()
    cache.clear()
    with CaptureQueriesContext(connection) as page:
        assert client.get("/papi/", parametres).status_code == 200
    return len(facettes), len(page)


@pytest.mark.parametrize(
    "parametres", [{}, {"service": DEMARCHES, "frais": "Gratuit", "commune": "29019", "page": "2"}]
)
def test_une_seule_requete_de_facettes_et_autant_de_requetes_a_30_ou_60_lieux(client, parametres):
    LieuFactory.create_batch(3, services=[DEMARCHES], frais_a_charge=["Gratuit"])
    a_trois = _requetes(client, parametres)
    LieuFactory.create_batch(
        27,
        services=[DEMARCHES, ACCES],
        publics_specifiquement_adresses=["Seniors", "Jeunes"],
        dispositif_programmes_nationaux=["Aidants Connect"],
    )
    a_trente = _requetes(client, parametres)
    LieuFactory.create_batch(30, services=[DEMARCHES], frais_a_charge=["Gratuit"])
    a_soixante = _requetes(client, parametres)

    assert a_trois[0] == a_trente[0] == a_soixante[0] == 1
    # Trois lieux tiennent sur la première page : leur total ne se compte pas
    # (brest_numerique/pagination.py). Au-delà d'une page, une requête de plus,
    # puis plus rien quelle que soit la taille.
    assert a_trois[1] <= a_trente[1] <= a_trois[1] + 1
    assert a_trente[1] == a_soixante[1]
