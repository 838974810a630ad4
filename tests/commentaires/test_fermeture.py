from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from commentaires.models import Commentaire
from papi.models import Lieu
from papi.services import lieux_publier
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import analyser, deposer
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
PHRASE = "Les commentaires sont fermés sur cette page."


@pytest.fixture
def ferme(lieu):
    lieu.commentaires_ouverts = False
    lieu.save(update_fields=["commentaires_ouverts"])
    return lieu


@pytest.fixture
def fermeture_apres_30_jours(settings):
    settings.COMMENTAIRES_FERMETURE_APRES_JOURS = {"papi.lieu": 30}


def publie_le(moment: datetime):
    """Un lieu mis en ligne à ce moment, par le chemin d'écriture des lieux."""
    with time_machine.travel(moment, tick=False):
        return LieuFactory()


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


def test_sans_reglage_pour_le_modele_les_commentaires_ne_ferment_jamais(settings):
    settings.COMMENTAIRES_FERMETURE_APRES_JOURS = {}

    assert publie_le(datetime(2000, 1, 1, tzinfo=PARIS)).commentaires_fermes() is False


def test_la_fermeture_automatique_compte_les_jours_depuis_la_mise_en_ligne(
    fermeture_apres_30_jours,
):
    lieu = publie_le(datetime(2026, 6, 1, 10, 0, tzinfo=PARIS))
    assert lieu.publie_le == datetime(2026, 6, 1, 10, 0, tzinfo=PARIS)

    for moment, ferme in [
        (datetime(2026, 6, 15, tzinfo=PARIS), False),
        (datetime(2026, 7, 1, 10, 0, tzinfo=PARIS), False),
        (datetime(2026, 7, 1, 10, 1, tzinfo=PARIS), True),
        (datetime(2027, 1, 1, tzinfo=PARIS), True),
    ]:
        with time_machine.travel(moment, tick=False):
            assert Lieu.objects.get(pk=lieu.pk).commentaires_fermes() is ferme, moment


def test_la_fermeture_automatique_ne_touche_pas_les_autres_modeles(settings):
    settings.COMMENTAIRES_FERMETURE_APRES_JOURS = {"programmes.actualite": 1}

    assert publie_le(datetime(2000, 1, 1, tzinfo=PARIS)).commentaires_fermes() is False


def test_un_objet_ferme_a_la_main_le_reste_quelle_que_soit_la_date(ferme, settings):
    settings.COMMENTAIRES_FERMETURE_APRES_JOURS = {"papi.lieu": 10_000}

    assert ferme.commentaires_fermes(datetime(2026, 10, 2, tzinfo=PARIS)) is True


def test_une_fois_le_delai_passe_la_page_et_l_envoi_sont_fermes(client, fermeture_apres_30_jours):
    ancien = publie_le(timezone.now() - timedelta(days=31))
    recent = publie_le(timezone.now() - timedelta(days=1))

    section = analyser(client.get(ancien.get_absolute_url())).un("section", "commentaires")
    assert PHRASE in section.texte()
    assert deposer(client, ancien).status_code == 403
    assert deposer(client, recent).status_code == 302


def test_un_lieu_publie_plus_tard_compte_depuis_sa_mise_en_ligne(fermeture_apres_30_jours):
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=PARIS), tick=False):
        lieu = LieuFactory(publie=False)
    assert lieu.publie_le is None

    with time_machine.travel(datetime(2026, 5, 1, tzinfo=PARIS), tick=False):
        lieux_publier(lieux=Lieu.objects.filter(pk=lieu.pk), publie=True)
    with time_machine.travel(datetime(2026, 5, 20, tzinfo=PARIS), tick=False):
        assert Lieu.objects.get(pk=lieu.pk).commentaires_fermes() is False
