"""Le fil d'Ariane : chaque page du portail rendue avec base.html en a un, qui part
de « Accueil » (/) et finit par la page courante (aria-current="page"). Toutes les
adresses du tableau des droits sont visitées, chacune par un profil qui y a droit."""

from html.parser import HTMLParser

import pytest

from brest_numerique.views import erreur_500
from programmes.models import ActualitePage
from programmes.pages_initiales import actualites_exemple_creer, pages_initiales_creer

# La fixture des paramètres d'adresse du tableau des droits, sous un nom à elle ici.
from tests.portail.test_adresses_par_role import (  # noqa: F401
    arguments as parametres_des_adresses,
)
from tests.portail.test_adresses_par_role import une_visite_par_adresse

pytestmark = pytest.mark.django_db


class _LecteurDuFil(HTMLParser):
    """Les étapes (texte, lien, courante ?) du <nav aria-label="Fil d'Ariane">."""

    def __init__(self):
        super().__init__()
        self.fils: list[list[dict]] = []
        self._dans_le_fil = False
        self._etape: dict | None = None

    def handle_starttag(self, balise, attributs):
        attributs = dict(attributs)
        # L'apostrophe droite ou typographique : le libellé passe par la traduction.
        libelle = (attributs.get("aria-label") or "").replace("\u2019", "'")
        if balise == "nav" and libelle == "Fil d'Ariane":
            self._dans_le_fil = True
            self.fils.append([])
        elif self._dans_le_fil and balise == "li":
            self._etape = {"texte": "", "lien": None, "courante": "aria-current" in attributs}
            self.fils[-1].append(self._etape)
        elif self._etape is not None and balise == "a":
            self._etape["lien"] = attributs.get("href")

    def handle_endtag(self, balise):
        if balise == "nav":
            self._dans_le_fil = False
            self._etape = None

    def handle_data(self, texte):
        if self._etape is not None:
            self._etape["texte"] += texte


def fil_d_ariane(html: str) -> list[dict] | None:
    lecteur = _LecteurDuFil()
    lecteur.feed(html)
    assert len(lecteur.fils) <= 1, "un seul fil d'Ariane par page"
    if not lecteur.fils:
        return None
    return [{**etape, "texte": " ".join(etape["texte"].split())} for etape in lecteur.fils[0]]


def ecart(adresse: str, fil: list[dict] | None) -> str | None:
    """Ce qui ne va pas dans le fil d'une page, ou None."""
    if adresse == "/":
        return "l'accueil n'a pas de fil" if fil is not None else None
    if not fil or len(fil) < 2:
        return f"pas de fil d'Ariane : {fil}"
    accueil, *etapes, courante = fil
    if (accueil["texte"], accueil["lien"]) != ("Accueil", "/"):
        return f"le fil ne part pas de l'accueil : {accueil}"
    if not courante["courante"] or not courante["texte"] or courante["lien"]:
        return f"la page courante manque ou est un lien : {courante}"
    if any(not etape["lien"] or not etape["texte"] or etape["courante"] for etape in etapes):
        return f"une étape sans lien ou sans nom : {etapes}"
    return None


def test_chaque_page_du_portail_a_un_fil_d_ariane_qui_part_de_l_accueil(
    request,
    parametres_des_adresses,  # noqa: F811
):
    ecarts, visitees = {}, 0
    for nom, profil, adresse, reponse in une_visite_par_adresse(request, parametres_des_adresses):
        gabarits = {gabarit.name for gabarit in reponse.templates or []}
        if reponse.status_code != 200 or "base.html" not in gabarits:
            continue
        visitees += 1
        if probleme := ecart(adresse, fil_d_ariane(reponse.content.decode())):
            ecarts[f"{nom} ({profil}) {adresse}"] = probleme

    assert not ecarts, ecarts
    # Garde-fou : le test visite bien les pages du portail, pas une poignée.
    assert visitees > 60


def test_les_pages_d_erreur_ont_aussi_leur_fil(client, rf):
    introuvable = fil_d_ariane(client.get("/cette-page-n-existe-pas/").content.decode())
    # La page 500 se rend sans base.html (ni base de données) : son fil est écrit en dur.
    panne = fil_d_ariane(erreur_500(rf.get("/papi/")).content.decode())

    assert ecart("/cette-page-n-existe-pas/", introuvable) is None
    assert introuvable[-1]["texte"] == "Page introuvable"
    assert ecart("/papi/", panne) is None
    assert panne[-1]["texte"] == "Erreur du serveur"


def test_le_fil_d_une_page_wagtail_suit_son_ascendance(client):
    pages_initiales_creer()
    actualites_exemple_creer()
    actualite = ActualitePage.objects.live().first()

    fil = fil_d_ariane(client.get(actualite.url).content.decode())

    assert [(etape["texte"], etape["lien"]) for etape in fil] == [
        ("Accueil", "/"),
        (actualite.get_parent().title, actualite.get_parent().url),
        (actualite.title, None),
    ]
    assert fil[-1]["courante"]
    assert fil_d_ariane(client.get("/").content.decode()) is None
