"""Flux des actualités, plan du site, robots.txt et recherche sur tout le site."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import feedparser
import pytest
from django.test import override_settings
from django.utils.text import slugify
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from brest_numerique.publication import publics
from papi.models import Lieu
from programmes.models import ActualitePage, ActualitesPage, DispositifPage, DispositifsPage
from programmes.recherche import _sans_postgresql, plier, rechercher
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _publier(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def arbre():
    # Les rubriques posées à l'installation (pages_initiales), avec deux dispositifs de plus.
    liste = ActualitesPage.objects.get()
    rubrique = DispositifsPage.objects.get()
    cantine = _publier(
        rubrique,
        DispositifPage(
            title="Cantine d'essai", slug="cantine-essai", chapo="Un lieu de rencontre ludique."
        ),
    )
    pepinieres = _publier(
        rubrique,
        DispositifPage(
            title="Pépinières d'entreprises",
            slug="pepinieres-essai",
            chapo="Héberger les jeunes pousses.",
        ),
    )
    return liste, cantine, pepinieres


def _actualite(liste, titre, *, jours=0, dispositif=None, chapo="Le chapô.", publier=True):
    page = ActualitePage(
        title=titre,
        slug=slugify(titre),
        date=date(2026, 3, 1) - timedelta(days=jours),
        dispositif=dispositif,
        chapo=chapo,
        live=publier,
    )
    liste.add_child(instance=page)
    revision = page.save_revision()
    if publier:
        revision.publish()
    return page


@pytest.fixture
def actualites(arbre):
    liste, cantine, pepinieres = arbre
    return {
        "cantine": _actualite(liste, "Rencontre à la cantine", jours=2, dispositif=cantine),
        "pepinieres": _actualite(
            liste, "Trois start-up en pépinière", jours=1, dispositif=pepinieres
        ),
        "generale": _actualite(liste, "Le programme a vingt ans", jours=0),
        "brouillon": _actualite(
            liste, "Annonce pas encore publiée", dispositif=cantine, publier=False
        ),
    }


def _flux(client, adresse):
    reponse = client.get(adresse)
    assert reponse.status_code == 200, reponse.content[:300]
    return reponse, feedparser.parse(reponse.content)


# --- flux -------------------------------------------------------------------


@pytest.mark.parametrize("format_", ["rss", "atom"])
def test_le_flux_de_toutes_les_actualites_a_ce_qu_il_faut(client, actualites, format_):
    reponse, flux = _flux(client, f"/actualites/flux.{format_}")

    attendu = "application/rss+xml" if format_ == "rss" else "application/atom+xml"
    assert reponse["Content-Type"].startswith(attendu)
    assert not flux.bozo, flux.bozo_exception
    assert flux.feed.title == "Actualités — Brest numérique"
    assert flux.feed.link == "http://testserver/actualites/"
    assert flux.feed.language == "fr"
    titres = [entree.title for entree in flux.entries]
    assert titres == [
        "Le programme a vingt ans",
        "Trois start-up en pépinière",
        "Rencontre à la cantine",
    ]
    premiere, _, cantine = flux.entries
    assert premiere.link == "http://testserver/actualites/" + actualites["generale"].slug + "/"
    # Le 1er mars à minuit, heure de Paris : 23 h UTC la veille.
    assert premiere.published_parsed[:6] == (2026, 2, 28, 23, 0, 0)
    assert premiere.published in ("Sun, 01 Mar 2026 00:00:00 +0100", "2026-03-01T00:00:00+01:00")
    assert premiere.id == f"urn:uuid:{actualites['generale'].translation_key}"
    assert premiere.author == "Brest métropole" or premiere.author_detail.name == "Brest métropole"
    assert premiere.summary == "Le chapô."
    assert [tag.term for tag in cantine.tags] == ["Cantine d'essai"]
    assert len({entree.id for entree in flux.entries}) == 3


def test_un_brouillon_une_page_privee_et_des_modifications_non_publiees_restent_hors_du_flux(
    client, arbre, actualites
):
    liste = arbre[0]
    privee = _actualite(liste, "Réservée à l'équipe", jours=5)
    PageViewRestriction.objects.create(page=privee, restriction_type="login")
    generale = actualites["generale"]
    generale.title = "Titre encore en brouillon"
    generale.save_revision()

    for adresse in (
        "/actualites/flux.rss",
        "/actualites/flux.atom",
        "/actualites/cantine-essai/flux.rss",
    ):
        contenu = client.get(adresse).content.decode()
        assert "pas encore publiée" not in contenu
        assert "Réservée à l'équipe" not in contenu
        assert "encore en brouillon" not in contenu
    assert "Le programme a vingt ans" in client.get("/actualites/flux.rss").content.decode()


@pytest.mark.parametrize("format_", ["rss", "atom"])
def test_le_flux_d_un_dispositif_n_a_que_ses_actualites(client, actualites, format_):
    _, flux = _flux(client, f"/actualites/cantine-essai/flux.{format_}")

    assert not flux.bozo
    assert [entree.title for entree in flux.entries] == ["Rencontre à la cantine"]
    assert "Cantine d'essai" in flux.feed.title
    assert flux.feed.link == "http://testserver/dispositifs/cantine-essai/"


def test_un_dispositif_inconnu_donne_404(client, actualites):
    assert client.get("/actualites/inconnu/flux.rss").status_code == 404
    # Une actualité n'est pas un dispositif.
    slug = actualites["generale"].slug
    assert client.get(f"/actualites/{slug}/flux.atom").status_code == 404


def test_le_flux_garde_les_20_plus_recentes_en_un_nombre_fixe_de_requetes(
    client, arbre, django_assert_max_num_queries
):
    liste, cantine, _ = arbre
    for numero in range(50):
        liste.add_child(
            instance=ActualitePage(
                title=f"Actualité {numero}",
                slug=f"actualite-{numero}",
                date=date(2026, 1, 1) + timedelta(days=numero),
                dispositif=cantine if numero % 2 else None,
                chapo="Chapô",
                live=True,
            )
        )
    client.get("/actualites/flux.rss")  # les racines des sites entrent dans le cache

    # Restrictions d'accès, actualités avec leur dispositif, page de la liste.
    with django_assert_max_num_queries(3):
        _, flux = _flux(client, "/actualites/flux.rss")
    assert len(flux.entries) == 20
    assert flux.entries[0].title == "Actualité 49"
    # Le dispositif et ses restrictions en plus.
    with django_assert_max_num_queries(4):
        _, flux = _flux(client, "/actualites/cantine-essai/flux.atom")
    assert len(flux.entries) == 20
    assert flux.entries[0].title == "Actualité 49"


# --- plan du site et robots.txt --------------------------------------------


@pytest.fixture
def lieux():
    publie = LieuFactory(nom="Ludothèque des Capucins", slug="ludotheque-capucins")
    cache = LieuFactory(nom="Lieu retiré", slug="lieu-retire", publie=False)
    return publie, cache


def test_le_plan_du_site_liste_pages_lieux_et_rubriques_publics(client, arbre, actualites, lieux):
    reponse = client.get("/sitemap.xml")

    assert reponse.status_code == 200
    racine = ET.fromstring(reponse.content)  # noqa: S314 (notre propre réponse)
    adresses = {url.findtext(f"{SITEMAP}loc"): url for url in racine.iter(f"{SITEMAP}url")}
    assert actualites["generale"].full_url in adresses
    assert arbre[1].full_url in adresses
    assert not any("pas-encore" in a or actualites["brouillon"].slug in a for a in adresses)
    publie, cache = lieux
    assert "http://127.0.0.1:8000/papi/ludotheque-capucins/" in adresses
    assert adresses["http://127.0.0.1:8000/papi/ludotheque-capucins/"].findtext(f"{SITEMAP}lastmod")
    assert not any("lieu-retire" in a for a in adresses)
    for chemin in ("/papi/", "/programme/", "/appels-a-projets/", "/internet-pour-tous/"):
        assert f"http://127.0.0.1:8000{chemin}" in adresses


@override_settings(SITE_URL="https://numerique.brest.fr")
def test_robots_txt_ecarte_les_espaces_de_gestion_et_donne_le_plan(client):
    reponse = client.get("/robots.txt")

    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "text/plain; charset=utf-8"
    lignes = reponse.content.decode().splitlines()
    assert lignes[0] == "User-agent: *"
    for chemin in (
        "/admin/",
        "/cms/",
        "/moderation/",
        "/compte/",
        "/commentaires/",
        "/notifications/",
        "/accompagnement/equipe/",
    ):
        assert f"Disallow: {chemin}" in lignes
    assert "Sitemap: https://numerique.brest.fr/sitemap.xml" in lignes


# --- recherche --------------------------------------------------------------


@pytest.fixture
def contenus(arbre):
    liste, cantine, _ = arbre
    _actualite(
        liste,
        "Les ludothèques ouvrent le dimanche",
        dispositif=cantine,
        chapo="Ateliers numériques dans trois ludothèques de Brest.",
    )
    _actualite(liste, "Ludothèque cachée", chapo="Un brouillon.", publier=False)
    LieuFactory(nom="Ludothèque des Capucins", presentation_resume="Ateliers pour les familles")
    LieuFactory(nom="Ludothèque de Saint-Martin")
    LieuFactory(nom="Ludothèque fermée", publie=False)
    LieuFactory(nom="Mairie de Bellevue")
    return arbre


def _groupes(texte):
    return {groupe.libelle: groupe for groupe in rechercher(texte)}


@pytest.mark.parametrize("texte", ["ludotheque", "ludothèques", "LUDOTHEQUES", "Ludothèque"])
def test_accents_casse_et_pluriel_ne_changent_rien(contenus, texte):
    groupes = _groupes(texte)

    lieux = groupes["Points d'accès publics à Internet"]
    assert lieux.total == 2
    assert {t.titre for t in lieux.resultats} == {
        "Ludothèque des Capucins",
        "Ludothèque de Saint-Martin",
    }
    assert [t.titre for t in groupes["Actualités"].resultats] == [
        "Les ludothèques ouvrent le dimanche"
    ]
    assert groupes["Dispositifs du programme"].total == 0


def test_la_page_range_les_resultats_par_sorte_avec_leur_nombre(client, contenus):
    reponse = client.get("/recherche/", {"q": "ludotheque"})

    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "<title>Recherche\u00a0: ludotheque — Brest numérique</title>" in page
    assert "3 résultats pour « ludotheque »" in page
    assert "Points d&#x27;accès publics à Internet (2)" in page
    assert "Actualités (1)" in page
    assert "Dispositifs du programme\u00a0: 0" in page
    assert 'href="/papi/?q=ludotheque"' in page
    assert "Ludothèque cachée" not in page
    assert "Ludothèque fermée" not in page


def test_deux_mots_sont_exiges_tous_les_deux(contenus):
    groupes = _groupes("ludothèque capucins")

    assert [t.titre for t in groupes["Points d'accès publics à Internet"].resultats] == [
        "Ludothèque des Capucins"
    ]
    assert groupes["Actualités"].total == 0
    assert _groupes("rencontre ludique")["Dispositifs du programme"].total == 1


def test_le_nombre_total_depasse_les_dix_montres(arbre):
    LieuFactory.create_batch(12, nom="Cybercommune")

    lieux = _groupes("cybercommune")["Points d'accès publics à Internet"]

    assert lieux.total == 12
    assert len(lieux.resultats) == 10


@pytest.mark.parametrize("texte", ["", "   ", "!!! ((( )))", "&|:*"])
def test_sans_mot_un_message_et_aucune_requete(client, texte, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        reponse = client.get("/recherche/", {"q": texte})

    assert reponse.status_code == 200
    assert "Tapez" in reponse.content.decode()
    assert reponse.context["groupes"] == []


def test_un_texte_trop_long_est_refuse_en_francais(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        reponse = client.get("/recherche/", {"q": "a" * 101})

    assert reponse.status_code == 200
    assert "au plus 100 caractères" in reponse.content.decode()


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.text(
        alphabet=st.one_of(st.sampled_from("!&|:*()<->\"'\\-_ é"), st.characters()), max_size=100
    )
)
def test_n_importe_quel_texte_donne_une_page(client, contenus, texte):
    reponse = client.get("/recherche/", {"q": texte.replace("\x00", "")})

    assert reponse.status_code == 200


def test_le_repli_sans_postgresql_ignore_accents_casse_et_pluriel(contenus):
    assert plier("Ludothèque ÉCOLE") == "ludotheque ecole"
    pages, champs = publics(ActualitePage), ("title", "chapo")

    for mots in (["LUDOTHEQUE"], ["ludothèques", "brest"]):
        premieres, total = _sans_postgresql(pages, mots, ("-date", "-pk"), champs)
        assert [page.title for page in premieres] == ["Les ludothèques ouvrent le dimanche"]
        assert total == 1
    assert _sans_postgresql(pages, ["cachée"], ("-date",), champs) == ([], 0)
    lieux, total = _sans_postgresql(
        publics(Lieu), ["ludotheques", "familles"], ("nom",), ("nom", "presentation_resume")
    )
    assert [lieu.nom for lieu in lieux] == ["Ludothèque des Capucins"]


def test_au_dela_du_plafond_le_total_dit_plus_de(client, arbre, monkeypatch):
    monkeypatch.setattr("programmes.recherche.PLAFOND_DU_TOTAL", 11)
    LieuFactory.create_batch(13, nom="Cybercommune")

    lieux = _groupes("cybercommune")["Points d'accès publics à Internet"]
    page = client.get("/recherche/", {"q": "cybercommune"}).content.decode()

    assert lieux.total == 12 and lieux.au_dela
    assert "Plus de 11 résultats pour « cybercommune »" in page
    assert "Points d&#x27;accès publics à Internet (plus de 11)" in page
