"""La navigation principale : chaque application déclare ses rubriques depuis son
ready(), et aucune ne mène à une adresse qui n'existe pas."""

import html
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import NoReverseMatch, resolve, reverse, set_script_prefix
from django.utils.functional import Promise

from brest_numerique import context_processors, navigation
from brest_numerique.navigation import Rubrique, RubriqueEnConflit, enregistrer, rubriques

MENU = [
    ("Le programme", "/programme/"),
    ("Points d'accès (PAPI)", "/papi/"),
    ("Appels à projets", "/appels-a-projets/"),
    ("Internet pour tous", "/internet-pour-tous/"),
]
LIENS = re.compile(r'<li><a href="([^"]+)"(?: aria-current="page")?>([^<]+)</a></li>')


def menu_affiche(reponse) -> list[tuple[str, str]]:
    page = reponse.content.decode()
    nav = page[page.index('aria-label="Navigation principale"') :]
    nav = nav[: nav.index("</nav>")]
    return [(html.unescape(libelle), url) for url, libelle in LIENS.findall(nav)]


@pytest.fixture
def registre_restaure(monkeypatch):
    # Une copie du registre, rendue après le test.
    monkeypatch.setattr(navigation._REGISTRE, "_elements", dict(navigation._REGISTRE._elements))


def test_chaque_rubrique_enregistree_mene_a_une_page_qui_repond(client, db):
    assert rubriques()
    for rubrique in rubriques():
        assert client.get(reverse(rubrique.url_name)).status_code == 200, rubrique


def test_les_libelles_des_rubriques_sont_traduisibles():
    for rubrique in rubriques():
        assert isinstance(rubrique.libelle, Promise), rubrique


@pytest.mark.parametrize("url", ["/", "/papi/", "/contact/"])
def test_le_menu_affiche_les_quatre_rubriques_dans_l_ordre(client, db, url):
    assert menu_affiche(client.get(url)) == MENU


def test_la_rubrique_de_la_page_courante_est_marquee(client, db):
    page = client.get("/internet-pour-tous/").content.decode()

    assert '<a href="/internet-pour-tous/" aria-current="page">' in page
    # Dans le menu, une seule rubrique courante (le fil d'Ariane marque aussi la page).
    menu = page[page.index('aria-label="Navigation principale"') :]
    assert menu[: menu.index("</nav>")].count('aria-current="page"') == 1


@pytest.mark.parametrize(
    ("label", "rubrique"),
    [
        ("programmes", "programmes:programme"),
        ("papi", "papi:liste"),
        ("projets", "projets:presentation"),
        ("internet_pour_tous", "internet_pour_tous:presentation"),
    ],
)
def test_chaque_application_enregistre_sa_rubrique_depuis_son_ready(
    registre_restaure, label, rubrique
):
    navigation._REGISTRE._elements.clear()

    apps.get_app_config(label).ready()

    assert [r.url_name for r in rubriques()] == [rubrique]


def test_une_rubrique_sans_adresse_fait_echouer_la_page_au_lieu_de_disparaitre(
    client, db, registre_restaure
):
    enregistrer(Rubrique("Actualités", "programmes:actualites", 50))

    with pytest.raises(NoReverseMatch):
        client.get("/")


def test_une_rubrique_en_conflit_est_refusee(registre_restaure):
    with pytest.raises(RubriqueEnConflit, match="papi:liste"):
        enregistrer(Rubrique("Autre libellé", "papi:liste", 20))


def test_reenregistrer_une_rubrique_identique_ne_change_rien(registre_restaure):
    avant = rubriques()

    enregistrer(Rubrique("Points d'accès (PAPI)", "papi:liste", 20))

    assert rubriques() == avant


def test_la_fondation_ne_nomme_aucune_application():
    for module in (navigation, context_processors):
        source = Path(module.__file__).read_text(encoding="utf-8")
        for nom in ("programmes:", "papi:", "projets:", "internet_pour_tous:"):
            assert nom not in source, (module.__name__, nom)


@pytest.mark.parametrize(
    ("url", "nom", "gabarit"),
    [
        ("/appels-a-projets/", "projets:presentation", "projets/presentation.html"),
        (
            "/internet-pour-tous/",
            "internet_pour_tous:presentation",
            "internet_pour_tous/presentation.html",
        ),
    ],
)
def test_les_pages_deplacees_repondent_aux_memes_adresses_depuis_leur_application(
    client, db, url, nom, gabarit
):
    reponse = client.get(url)

    assert reponse.status_code == 200
    assert reverse(nom) == url
    assert resolve(url).namespace == nom.split(":")[0]
    assert gabarit in [t.name for t in reponse.templates]


def test_les_adresses_du_menu_suivent_le_prefixe_du_site():
    """Inversées une fois par processus (brest_numerique/adresses.py), elles suivent
    pourtant un portail servi sous un préfixe (SCRIPT_NAME)."""
    avant = [item["url"] for item in context_processors._navigation("/")]
    set_script_prefix("/sous-site/")
    try:
        sous_prefixe = [item["url"] for item in context_processors._navigation("/")]
    finally:
        set_script_prefix("/")

    assert sous_prefixe == ["/sous-site" + url for url in avant]
    assert [item["url"] for item in context_processors._navigation("/")] == avant
