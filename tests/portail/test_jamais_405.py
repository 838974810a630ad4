"""Jamais de 405 après un POST, comme classe : aucune adresse du portail ne répond
405 à un GET (un favori, un lien partagé, une page d'erreur rechargée), que l'on
soit anonyme ou connecté. Et une 405 qui reste possible (un PUT, un point
technique) reçoit la page française du portail, avec son en-tête Allow."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from brest_numerique.methodes import Page405Middleware, post_seulement
from tests.portail.test_adresses_par_role import _url, adresses_du_portail, arguments_creer

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def arguments(donnees_du_module):
    """Les paramètres d'adresse du tableau des droits, créés une fois pour le module :
    ses tests n'envoient que des requêtes, chacun dans son point de sauvegarde annulé."""
    return donnees_du_module(arguments_creer)


# Les seules adresses qui peuvent répondre 405 à un GET : aucune n'est atteinte par
# un humain depuis un formulaire du portail.
TECHNIQUES: dict[str, str] = {
    # Le plancher d'écriture du banc (bench/), qui n'existe que si PLANCHER_ACTIF.
    "plancher_ecriture": "point technique du banc de charge",
}


def _adresses_en_405(client, parametres) -> list[str]:
    en_405 = []
    for nom, motif in adresses_du_portail():
        if nom in TECHNIQUES:
            continue
        url = _url(nom, motif, parametres)
        if client.get(url).status_code == 405:
            en_405.append(f"{nom} ({url})")
    return en_405


@pytest.mark.parametrize("profil", ["anonyme", "administrateur"])
def test_aucune_adresse_du_portail_ne_repond_405_a_un_get(request, arguments, profil):
    client = Client(raise_request_exception=False)
    if profil != "anonyme":
        client.force_login(request.getfixturevalue(profil))
    assert _adresses_en_405(client, arguments) == []


def test_un_get_sur_une_action_ramene_a_la_page_du_formulaire(arguments, client):
    """Le dépôt d'un commentaire et le signalement d'une erreur sur un lieu, deux
    adresses où une page d'erreur de formulaire laisse le navigateur."""
    donnees = arguments
    lieu_url = reverse("papi:detail", args=[donnees["slug"]])
    depot = reverse("commentaires:deposer", args=[donnees["type_id"], donnees["objet_id"]])
    reponse = client.get(depot)
    assert (reponse.status_code, reponse["Location"]) == (302, lieu_url + "#formulaire-commentaire")
    assert client.head(depot)["Location"] == lieu_url + "#formulaire-commentaire"
    assert client.get(reverse("papi:signaler", args=[donnees["slug"]]))["Location"].startswith(
        lieu_url
    )


def test_une_action_d_un_objet_absent_repond_404_et_non_une_redirection(client):
    assert client.get(reverse("commentaires:deposer", args=[999999, 1])).status_code == 404


@pytest.mark.parametrize("methode", ["put", "delete", "patch"])
def test_une_405_recoit_la_page_francaise_avec_son_en_tete_allow(arguments, client, methode):
    donnees = arguments
    # Une page en lecture seule (require_safe) et une action (post_seulement).
    lieu_url = reverse("papi:detail", args=[donnees["slug"]])
    depot = reverse("commentaires:deposer", args=[donnees["type_id"], donnees["objet_id"]])
    for url, permises in ((lieu_url, {"GET", "HEAD"}), (depot, {"GET", "HEAD", "POST"})):
        reponse = getattr(client, methode)(url)
        assert reponse.status_code == 405
        assert {m.strip() for m in reponse["Allow"].split(",")} == permises
        assert reponse["Content-Type"].startswith("text/html")
        page = reponse.content.decode()
        assert "<title>Demande non acceptée à cette adresse" in page
        assert 'lang="fr"' in page and "Revenir à l'accueil" in page


def test_le_decorateur_ne_laisse_passer_que_post_et_renvoie_get_et_head():
    @post_seulement(retour="papi:detail")
    def vue(request, slug):
        return "la vue"

    usine = RequestFactory()
    assert vue(usine.post("/"), slug="mediatheque") == "la vue"
    for requete in (usine.get("/"), usine.head("/")):
        assert vue(requete, slug="mediatheque")["Location"] == "/papi/mediatheque/"
    refus = Page405Middleware(lambda requete: vue(requete, slug="mediatheque"))(usine.put("/"))
    assert refus.status_code == 405 and "Demande non acceptée" in refus.content.decode()
