from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from commentaires.models import Commentaire
from papi.models import Lieu
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import analyser, deposer

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
PHRASE = "Les commentaires sont fermés sur cette page."


@pytest.fixture
def ferme(lieu):
    lieu.commentaires_ouverts = False
    lieu.save(update_fields=["commentaires_ouverts"])
    return lieu


@pytest.fixture
def fermeture_apres_30_jours(settings, monkeypatch):
    """Lieu n'a pas de date de publication : on prend sa date de mise à jour."""
    monkeypatch.setattr(Lieu, "champ_date_publication", "date_maj")
    settings.COMMENTAIRES_FERMETURE_APRES_JOURS = {"papi.lieu": 30}


def test_des_commentaires_fermes_remplacent_le_formulaire_par_une_phrase(client, ferme):
    publie = CommentaireFactory(objet=ferme, statut="publie")

    reponse = client.get(ferme.get_absolute_url())

    page = analyser(reponse)
    section = page.un("section", "commentaires")
    assert PHRASE in section.texte()
    assert section.tous("form", "formulaire-commentaire") == []
    assert section.tous("textarea") == []
    # Les commentaires déjà publiés restent lisibles, sans lien « Répondre ».
    assert publie.texte in section.texte()
    assert "Répondre" not in section.texte()


def test_un_envoi_sur_des_commentaires_fermes_est_refuse_en_403(client, ferme):
    reponse = deposer(client, ferme)

    assert reponse.status_code == 403
    assert not Commentaire.objects.exists()


def test_des_commentaires_ouverts_montrent_le_formulaire(client, lieu):
    section = analyser(client.get(lieu.get_absolute_url())).un("section", "commentaires")

    assert PHRASE not in section.texte()
    assert len(section.tous("form", "formulaire-commentaire")) == 1


def test_sans_reglage_pour_le_modele_les_commentaires_ne_ferment_jamais(lieu, settings):
    settings.COMMENTAIRES_FERMETURE_APRES_JOURS = {}
    lieu.date_maj = date(2000, 1, 1)

    assert lieu.commentaires_fermes() is False


def test_la_fermeture_automatique_compte_les_jours_depuis_la_publication(
    lieu, fermeture_apres_30_jours
):
    lieu.date_maj = date(2026, 6, 1)

    # Une date simple vaut minuit, heure de Paris.
    assert not lieu.commentaires_fermes(datetime(2026, 6, 15, tzinfo=PARIS))
    assert not lieu.commentaires_fermes(datetime(2026, 7, 1, 0, 0, tzinfo=PARIS))
    assert lieu.commentaires_fermes(datetime(2026, 7, 1, 0, 1, tzinfo=PARIS))
    assert lieu.commentaires_fermes(datetime(2027, 1, 1, tzinfo=PARIS))


def test_la_fermeture_automatique_ne_touche_pas_les_autres_modeles(lieu, settings, monkeypatch):
    monkeypatch.setattr(Lieu, "champ_date_publication", "date_maj")
    settings.COMMENTAIRES_FERMETURE_APRES_JOURS = {"programmes.actualite": 1}
    lieu.date_maj = date(2000, 1, 1)

    assert lieu.commentaires_fermes() is False


def test_un_objet_ferme_a_la_main_le_reste_quelle_que_soit_la_date(ferme, settings):
    settings.COMMENTAIRES_FERMETURE_APRES_JOURS = {"papi.lieu": 10_000}

    assert ferme.commentaires_fermes(datetime(2026, 10, 2, tzinfo=PARIS)) is True


def test_une_fois_le_delai_passe_la_page_et_l_envoi_sont_fermes(
    client, lieu, fermeture_apres_30_jours
):
    lieu.date_maj = date.today() - timedelta(days=31)
    lieu.save(update_fields=["date_maj"])

    section = analyser(client.get(lieu.get_absolute_url())).un("section", "commentaires")
    assert PHRASE in section.texte()
    assert deposer(client, lieu).status_code == 403

    lieu.date_maj = date.today() - timedelta(days=1)
    lieu.save(update_fields=["date_maj"])
    assert deposer(client, lieu).status_code == 302
