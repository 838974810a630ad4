import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Revision, Site

from programmes.models import (
    AccueilPage,
    ActualitePage,
    ActualitesPage,
    ChiffreCle,
    DispositifPage,
    DispositifsPage,
    PageLegale,
)
from programmes.pages_initiales import actualites_exemple_creer, pages_initiales_creer

pytestmark = pytest.mark.django_db

DISPOSITIFS = [
    "points-d-acces",
    "appel-a-projets",
    "internet-pour-tous",
    "cantine-numerique",
    "pepinieres",
    "reseau-de-fibre",
    "fibre-dans-les-communes",
    "campus-numeriques",
    "french-tech",
]


def test_l_arbre_des_pages_n_est_cree_qu_une_fois():
    accueil = pages_initiales_creer()
    pages, revisions, chiffres = (
        Page.objects.count(),
        Revision.objects.count(),
        ChiffreCle.objects.count(),
    )

    assert pages_initiales_creer().pk == accueil.pk
    assert (Page.objects.count(), Revision.objects.count(), ChiffreCle.objects.count()) == (
        pages,
        revisions,
        chiffres,
    )
    assert AccueilPage.objects.count() == 1
    assert DispositifsPage.objects.child_of(accueil).get().slug == "dispositifs"
    assert ActualitesPage.objects.child_of(accueil).get().slug == "actualites"


def test_l_accueil_devient_la_racine_du_site_et_la_page_de_bienvenue_disparait():
    accueil = pages_initiales_creer()

    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == accueil.pk
    assert accueil.url == "/"
    assert accueil.slug == "accueil"
    assert not Page.objects.filter(depth=2, content_type=ContentType.objects.get_for_model(Page))


def test_les_dispositifs_et_les_pages_legales_sont_en_ligne_avec_une_revision():
    accueil = pages_initiales_creer()

    dispositifs = DispositifPage.objects.descendant_of(accueil).order_by("ordre")
    legales = PageLegale.objects.child_of(accueil)
    assert [page.slug for page in dispositifs] == DISPOSITIFS
    assert sorted(page.slug for page in legales) == [
        "accessibilite",
        "donnees-personnelles",
        "mentions-legales",
    ]
    for page in [accueil, *dispositifs, *legales]:
        assert page.live, page.slug
        assert page.live_revision_id is not None, page.slug
        assert page.last_published_at is not None, page.slug
    accompagnements = {
        page.slug: page.accompagnement for page in dispositifs if page.accompagnement
    }
    assert accompagnements == {
        "cantine-numerique": "cantine",
        "pepinieres": "pepinieres",
        "french-tech": "french_tech",
    }


def test_chaque_dispositif_a_un_corps_de_deux_a_quatre_textes():
    pages_initiales_creer()

    for page in DispositifPage.objects.all():
        textes = [bloc for bloc in page.corps if bloc.block_type == "texte"]
        assert 2 <= len(textes) <= 4, page.slug
    appels = {
        page.slug: bloc.value["lien"]
        for page in DispositifPage.objects.all()
        for bloc in page.corps
        if bloc.block_type == "appel"
    }
    assert appels == {
        "points-d-acces": "/papi/",
        "appel-a-projets": "/appels-a-projets/",
        "internet-pour-tous": "/internet-pour-tous/",
    }


def test_les_pages_legales_sont_completes():
    pages_initiales_creer()
    corps = {page.slug: page.corps for page in PageLegale.objects.all()}

    assert "24 rue Coat-ar-Guéven" in corps["mentions-legales"]
    assert "président de Brest métropole" in corps["mentions-legales"]
    assert "à compléter lors de la mise en production" in corps["mentions-legales"]
    accessibilite = corps["accessibilite"]
    for attendu in [
        "partiellement conforme",
        "à compléter après l'audit",
        "Non-conformités",
        "Dérogations",
        "numerique@brest.fr",
        "09 69 39 00 00",
        "Libre\nréponse 71120, 75342 Paris CEDEX 07",
    ]:
        assert attendu in accessibilite, attendu
    donnees = corps["donnees-personnelles"]
    for attendu in [
        "Responsable du traitement",
        "Commentaires",
        "Signalements d'erreur",
        "Demandes d'accompagnement",
        "Candidatures à l'appel à projets",
        "Internet pour tous",
        "Base légale",
        "12 mois",
        "portabilité",
        "CNIL",
    ]:
        assert attendu in donnees, attendu


def test_les_chiffres_cles_sont_datés_et_sources():
    pages_initiales_creer()

    chiffres = list(ChiffreCle.objects.all())
    assert [str(chiffre) for chiffre in chiffres] == [
        "170 km de fibre optique métropolitaine",
        "≈ 40 projets soutenus par an",
        "1,10\u00a0€ par mois pour Internet en logement social",
        "8 communes",
    ]
    assert all(
        chiffre.source == "Brest métropole" and chiffre.date_reference for chiffre in chiffres
    )


def test_les_actualites_d_exemple_sont_marquees_et_ne_sont_creees_qu_une_fois():
    creees = actualites_exemple_creer()

    assert len(creees) == 12
    assert actualites_exemple_creer() == []
    actualites = ActualitePage.objects.all()
    assert actualites.count() == 12
    assert all(page.exemple and page.title.startswith("[Exemple] ") for page in actualites)
    assert all(page.live and page.live_revision_id for page in actualites)
    assert len({page.dispositif_id for page in actualites}) >= 5
    assert len({page.date for page in actualites}) == 12


def test_le_site_de_wagtail_suit_l_adresse_publique_du_portail(settings):
    site = Site.objects.get(is_default_site=True)

    assert f"http://{site.hostname}:{site.port}" == settings.SITE_URL
    assert isinstance(site.root_page.specific, AccueilPage)
    # Les adresses absolues (plan du site) sont celles du portail, pas « localhost ».
    assert site.root_page.full_url == settings.SITE_URL + "/"
