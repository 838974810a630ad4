"""Les pages publiques des lauréats : seuls les dossiers votés des éditions aux
résultats publiés y paraissent ; filtres, paramètres invalides, 404, commentaires
modérés avant publication, cache des anonymes et nombre de requêtes constant."""

from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from commentaires.models import Commentaire
from projets.laureats.models import Laureat
from projets.models import Dossier
from tests.commentaires.outils import deposer, url_depot
from tests.projets.factories import ThemeFactory
from tests.projets.laureats.fabriques import (
    brest,
    dossier,
    edition_publiee,
    guipavas,
    laureat,
)

pytestmark = pytest.mark.django_db


def _titres(reponse) -> set[str]:
    page = BeautifulSoup(reponse.content, "html.parser")
    return {h.get_text(strip=True) for h in page.select("li.carte h3")}


@pytest.fixture
def publiee():
    culture = ThemeFactory(libelle="Culture numérique", slug="culture-numerique")
    inclusion = ThemeFactory(libelle="Inclusion", slug="inclusion")
    edition = edition_publiee(themes=[culture, inclusion])
    a = laureat(
        edition,
        titre="Fablab des Capucins",
        themes=[culture],
        communes=[brest()],
        montant=Decimal("2500.50"),
    )
    b = laureat(edition, titre="Clubs seniors connectés", themes=[inclusion], communes=[guipavas()])
    laureat(edition, titre="Retenu non voté", vote=False)
    dossier(edition, Dossier.Statut.NON_RETENU, titre="Projet non retenu")
    return edition, a, b


def test_la_liste_ne_montre_que_les_laureats_votes_d_une_edition_publiee(client, publiee):
    edition, a, b = publiee
    # Une autre édition publiée, une non publiée, une publiée demain.
    autre = edition_publiee()
    laureat(autre, titre="Lauréat d'une autre année")
    cachee = edition_publiee(publiee=False)
    laureat(cachee, titre="Voté mais pas publié")
    demain = edition_publiee(publiee_le=timezone.now() + timedelta(days=1))
    laureat(demain, titre="Publié demain")

    reponse = client.get(reverse("projets:laureats", args=[edition.annee]))

    assert reponse.status_code == 200
    assert _titres(reponse) == {"Fablab des Capucins", "Clubs seniors connectés"}
    texte = reponse.content.decode()
    assert "Culture numérique" in texte and "Guipavas" in texte
    assert "2 500,50 €" in texte.replace("\xa0", " ").replace("\u202f", " ")
    assert reverse("projets:laureats_donnees", args=["csv"]) in texte
    assert reverse("projets:statistiques") in texte
    for annee in (cachee.annee, demain.annee):
        assert client.get(reverse("projets:laureats", args=[annee])).status_code == 404
    assert client.get(reverse("projets:laureats", args=[1999])).status_code == 404


FILTRES = [
    ({"theme": "culture-numerique"}, {"Fablab des Capucins"}),
    ({"commune": "29075"}, {"Clubs seniors connectés"}),
    ({"theme": "inclusion", "commune": "29019"}, set()),
    ({"theme": "", "commune": ""}, {"Fablab des Capucins", "Clubs seniors connectés"}),
]
INVALIDES = [{"theme": "inconnu"}, {"commune": "99999"}, {"theme": "x" * 500}, {"commune": "\x00"}]


def test_les_filtres_par_theme_et_par_commune_et_leurs_erreurs(client, publiee):
    url = reverse("projets:laureats", args=[publiee[0].annee])
    for parametres, attendus in FILTRES:
        reponse = client.get(url, parametres)
        assert reponse.status_code == 200, parametres
        assert _titres(reponse) == attendus, parametres
    for parametres in INVALIDES:
        reponse = client.get(url, parametres)
        assert reponse.status_code == 400, parametres
        assert "n'est pas valable" in reponse.content.decode()


def test_un_parametre_inconnu_est_ignore(client, publiee):
    reponse = client.get(reverse("projets:laureats", args=[publiee[0].annee]), {"tri": "x"})
    assert reponse.status_code == 200
    assert len(_titres(reponse)) == 2


def test_la_fiche_d_un_laureat_et_ses_404(client, publiee):
    edition, a, _b = publiee
    a.resume_public = "Un atelier ouvert à tous les habitants."
    a.save()
    reponse = client.get(a.get_absolute_url())
    assert reponse.status_code == 200
    texte = reponse.content.decode()
    assert "Fablab des Capucins" in texte and "Un atelier ouvert à tous les habitants." in texte
    assert a.dossier.decision.deliberation.numero in texte

    non_vote = Laureat.objects.get(dossier__statut=Dossier.Statut.RETENU)
    assert client.get(non_vote.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("projets:laureat", args=[edition.annee, "inconnu"])).status_code == 404
    )
    assert (
        client.get(reverse("projets:laureat", args=[edition.annee + 1, a.slug])).status_code == 404
    )
    cachee = laureat(edition_publiee(publiee=False))
    assert client.get(cachee.get_absolute_url()).status_code == 404


def test_la_fiche_est_commentable_et_les_commentaires_sont_moderes(client, publiee):
    a = publiee[1]
    page = BeautifulSoup(client.get(a.get_absolute_url()).content, "html.parser")
    assert page.select_one(f"form[action='{url_depot(a)}'] textarea[name='texte']") is not None

    reponse = deposer(client, a, texte="Bravo pour ce projet !")

    assert reponse.status_code == 302
    commentaire = Commentaire.objects.get(
        content_type=ContentType.objects.get_for_model(Laureat), object_id=a.pk
    )
    assert commentaire.statut != Commentaire.Statut.PUBLIE
    client.cookies.clear()
    assert "Bravo pour ce projet" not in client.get(a.get_absolute_url()).content.decode()


def test_la_page_des_anonymes_est_gardee_en_cache(client, publiee, django_assert_num_queries):
    url = reverse("projets:laureats", args=[publiee[0].annee])
    premiere = client.get(url)
    with django_assert_num_queries(0):
        seconde = client.get(url)
    assert seconde.content == premiere.content


def test_un_nombre_constant_de_requetes_avec_dix_editions(client, django_assert_max_num_queries):
    themes = [ThemeFactory(libelle=f"Thème {n}", slug=f"t-{n}") for n in range(3)]
    editions = [edition_publiee(themes=themes) for _ in range(10)]
    for edition in editions:
        for n in range(3):
            laureat(edition, themes=themes[: n + 1], communes=[brest(), guipavas()])
            dossier(edition, Dossier.Statut.IRRECEVABLE, themes=themes[:1])
    fiche = Laureat.objects.filter(annee=editions[0].annee).first()
    for url in (
        reverse("projets:laureats", args=[editions[0].annee]),
        reverse("projets:laureats", args=[editions[0].annee]) + "?theme=t-1&commune=29019",
        fiche.get_absolute_url(),
        reverse("projets:statistiques"),
        reverse("projets:statistiques") + f"?edition={editions[3].annee}",
    ):
        cache.clear()  # chaque page se calcule, sans la copie gardée pour les anonymes
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200, url
