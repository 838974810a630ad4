"""Le rendu des pages du programme. Les pages sont servies par `page.serve()` :
le rendu ne dépend pas du branchement des adresses ; une page de dispositif est en
plus demandée par son adresse, à travers tout le portail."""

import re
from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import RequestFactory
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import programmes.chiffres
import projets.publics
from programmes.blocs import ImageBlock
from programmes.models import (
    ActualitePage,
    ActualitesPage,
    DispositifPage,
    DispositifsPage,
    PageLegale,
)
from programmes.pages_initiales import actualites_exemple_creer, pages_initiales_creer

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def appel(monkeypatch):
    """L'appel ouvert que voit l'accueil : aucun, sauf si le test en pose un."""
    etat = SimpleNamespace(appel=None)
    monkeypatch.setattr(projets.publics, "appel_ouvert", lambda: etat.appel)
    return etat


@pytest.fixture
def chiffres(monkeypatch):
    valeurs = [
        SimpleNamespace(
            valeur="109", libelle="lieux publiés", date=date(2026, 5, 4), source="", vivant=True
        ),
        SimpleNamespace(
            valeur="170 km",
            libelle="de fibre optique métropolitaine",
            date=date(2016, 9, 28),
            source="Brest métropole",
            vivant=False,
        ),
    ]
    monkeypatch.setattr(programmes.chiffres, "chiffres_cles", lambda: valeurs)
    return valeurs


@pytest.fixture
def accueil(chiffres, appel):
    accueil = pages_initiales_creer()
    actualites_exemple_creer()
    return accueil


@pytest.fixture
def medias(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def servir(page_wagtail, chemin="/", **parametres):
    request = RequestFactory().get(chemin, parametres)
    request.user = AnonymousUser()
    reponse = page_wagtail.serve(request)
    reponse.render()
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    return html


def test_l_accueil_montre_objectifs_chiffres_dispositifs_et_actualites(accueil, chiffres):
    html = servir(accueil)

    assert "N&#x27;oublier personne" in html
    assert "au 4 mai 2026" in html
    assert "Source\u00a0: Brest métropole, septembre 2016" in html
    assert html.count('class="carte"><h3><a href="/dispositifs/') == 9
    assert html.count("/actualites/exemple-") == 3
    assert 'action="/papi/"' in html and 'name="q"' in html
    assert 'id="titre-appel"' not in html


def test_le_bandeau_de_l_appel_dit_la_cloture_et_le_compte_a_rebours(accueil, appel):
    appel.appel = projets.publics.AppelOuvert(
        titre="Appel à projets 2027",
        cloture=datetime(2027, 3, 15, 12, 0, tzinfo=PARIS),
        url="/appels-a-projets/2027/",
    )

    with time_machine.travel(datetime(2027, 3, 3, 9, 0, tzinfo=PARIS), tick=False):
        html = servir(accueil)

    assert 'id="titre-appel"' in html
    assert "Clôture le 15 mars 2027 à 12 h" in html
    assert "dans 12 jours" in html
    assert "Appel à projets 2027" in html
    assert 'href="/appels-a-projets/2027/"' in html


def test_l_accueil_se_rend_avec_les_vrais_chiffres_et_sans_appel():
    html = servir(pages_initiales_creer())

    assert "170 km" in html
    assert 'id="titre-appel"' not in html


def test_les_pages_de_dispositif_rendent_leur_corps_et_leur_date(accueil):
    rubrique = DispositifsPage.objects.get()
    assert servir(rubrique).count('<li class="carte">') == 9

    page = DispositifPage.objects.get(slug="points-d-acces")
    html = servir(page)
    assert "<h1>Les points d&#x27;accès publics à Internet (PAPI)</h1>" in html
    assert '<a class="bouton" href="/papi/">' in html
    assert '<span class="chiffre__valeur">108</span>' in html
    assert f"Dernière mise à jour le {page.last_published_at.astimezone(PARIS):%-d}" in html
    assert 'class="fil-ariane"' in html
    assert 'id="commentaires"' in html


def test_une_page_de_dispositif_est_servie_a_son_adresse(accueil, client):
    reponse = client.get("/dispositifs/french-tech/")

    assert reponse.status_code == 200
    assert "Le label French Tech" in reponse.content.decode()


def test_la_liste_des_actualites_se_filtre_et_se_pagine(accueil):
    liste = ActualitesPage.objects.get()

    premiere = servir(liste, "/actualites/")
    assert premiere.count("<h2><a href=") == 10
    assert "Page 1 sur 2" in premiere
    assert servir(liste, "/actualites/", page="2").count("<h2><a href=") == 2

    filtree = servir(liste, "/actualites/", dispositif="internet-pour-tous")
    assert filtree.count("<h2><a href=") == 2
    assert '<option value="internet-pour-tous" selected>' in filtree
    assert "Page 1 sur" not in filtree

    assert servir(liste, "/actualites/", dispositif="n-existe-pas").count("<h2><a href=") == 10


def test_une_actualite_d_exemple_le_dit(accueil, medias):
    page = ActualitePage.objects.filter(dispositif__slug="cantine-numerique").get()
    page.image = Image.objects.create(title="Rencontre", file=get_test_image_file())
    page.texte_alternatif = "Trois personnes présentent un projet devant un écran"
    page.save_revision().publish()
    page.refresh_from_db()

    html = servir(page)
    assert "Actualité d'exemple" in html
    assert 'alt="Trois personnes présentent un projet devant un écran"' in html
    assert 'href="/dispositifs/cantine-numerique/"' in html
    assert 'id="commentaires"' in html


def test_les_pages_legales_se_rendent(accueil):
    for page in PageLegale.objects.all():
        html = servir(page)
        assert f"<h1>{page.title}</h1>".replace("'", "&#x27;") in html
        assert "Dernière mise à jour le" in html
    accessibilite = servir(PageLegale.objects.get(slug="accessibilite"))
    assert "<h2>Voies de recours</h2>" in accessibilite


def test_un_document_affiche_son_format_et_son_poids(accueil, medias):
    document = Document.objects.create(
        title="Bilan du programme", file=ContentFile(b"%" * 250_880, name="bilan.pdf")
    )
    page = DispositifPage.objects.get(slug="reseau-de-fibre")
    page.corps.append(("document", {"document": document, "titre": ""}))
    page.save_revision().publish()

    html = servir(DispositifPage.objects.get(pk=page.pk))
    # Le format et le poids dans l'intitulé du lien (RGAA 13.3), en unités de Django.
    assert re.search(
        r'>Bilan du programme <span class="document__format">\(PDF, 245,0\sKio\)</span>', html
    )


def test_un_bloc_image_sans_texte_de_remplacement_est_refuse(medias):
    image = Image.objects.create(title="Atelier", file=get_test_image_file())
    bloc = ImageBlock()

    with pytest.raises(ValidationError):
        bloc.clean(bloc.to_python({"image": image.pk, "texte_alternatif": "", "legende": ""}))
    valeur = bloc.clean(
        bloc.to_python({"image": image.pk, "texte_alternatif": "Un atelier", "legende": "Atelier"})
    )
    assert "<figcaption>Atelier</figcaption>" in bloc.render(valeur)
    assert 'alt="Un atelier"' in bloc.render(valeur)


def test_une_actualite_avec_image_sans_texte_de_remplacement_est_refusee(accueil, medias):
    page = ActualitePage.objects.first()
    page.image = Image.objects.create(title="Atelier", file=get_test_image_file())
    page.texte_alternatif = "  "

    with pytest.raises(ValidationError) as erreur:
        page.full_clean()
    assert "texte_alternatif" in erreur.value.message_dict
