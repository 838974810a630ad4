"""L'adresse IP n'est gardée que sous forme d'empreinte salée, et 12 mois au plus."""

import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from commentaires import services
from commentaires.models import Commentaire, Signalement
from commentaires.tasks import purger_empreintes_ip
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import IP, deposer

pytestmark = pytest.mark.django_db

MAINTENANT = datetime(2026, 11, 3, 3, 30, tzinfo=ZoneInfo("Europe/Paris"))


def _valeurs(objet) -> list[str]:
    return [str(getattr(objet, champ.attname)) for champ in objet._meta.concrete_fields]


def test_l_adresse_ip_n_est_jamais_stockee_en_clair(client, lieu):
    deposer(client, lieu, ip=IP)
    commentaire = Commentaire.objects.get()
    commentaire.statut = Commentaire.Statut.PUBLIE
    commentaire.save()
    client.post(f"/commentaires/{commentaire.pk}/signaler/", {"raison": "spam"}, REMOTE_ADDR=IP)

    assert len(commentaire.ip_empreinte) == 64
    assert int(commentaire.ip_empreinte, 16) >= 0
    for objet in (commentaire, Signalement.objects.get()):
        assert not any(IP in valeur for valeur in _valeurs(objet))
    # Une empreinte salée par la clé secrète : pas un simple SHA-256 de l'adresse,
    # qu'on retrouverait en essayant les quatre milliards d'adresses IPv4.
    assert commentaire.ip_empreinte != hashlib.sha256(IP.encode()).hexdigest()


def test_l_empreinte_est_stable_pour_une_adresse_et_depend_de_la_cle_secrete(settings):
    empreinte = services.empreinte_ip(IP)

    assert services.empreinte_ip(IP) == empreinte
    assert services.empreinte_ip("198.51.100.1") != empreinte
    assert services.empreinte_ip("") == ""
    settings.SECRET_KEY = "une-autre-cle-secrete-0123456789-abcdefghijklmnopqrstuvwxyz"
    assert services.empreinte_ip(IP) != empreinte


def test_la_purge_efface_les_empreintes_de_plus_de_12_mois_seulement(lieu):
    def ecrit_il_y_a(**duree):
        return CommentaireFactory(
            objet=lieu, cree_le=MAINTENANT - timedelta(**duree), ip_empreinte="e" * 64
        )

    vieux = [ecrit_il_y_a(days=400), ecrit_il_y_a(days=365, minutes=1)]
    recents = [ecrit_il_y_a(days=364, hours=23), ecrit_il_y_a(days=30), ecrit_il_y_a(minutes=1)]

    assert services.empreintes_ip_purger(maintenant=MAINTENANT) == 2

    for commentaire in vieux:
        commentaire.refresh_from_db()
        assert commentaire.ip_empreinte == ""
    for commentaire in recents:
        commentaire.refresh_from_db()
        assert commentaire.ip_empreinte == "e" * 64
    # Le reste du commentaire n'est pas touché.
    assert all(Commentaire.objects.filter(pk=c.pk).exists() for c in vieux)
    # Déjà purgés : un second passage ne compte rien.
    assert services.empreintes_ip_purger(maintenant=MAINTENANT) == 0


def test_la_tache_periodique_purge_a_la_date_du_jour(lieu):
    vieux = CommentaireFactory(
        objet=lieu, cree_le=MAINTENANT - timedelta(days=366), ip_empreinte="e" * 64
    )
    recent = CommentaireFactory(
        objet=lieu, cree_le=MAINTENANT - timedelta(days=10), ip_empreinte="e" * 64
    )

    with time_machine.travel(MAINTENANT, tick=False):
        assert purger_empreintes_ip.delay().get() == 1

    vieux.refresh_from_db()
    recent.refresh_from_db()
    assert (vieux.ip_empreinte, recent.ip_empreinte) == ("", "e" * 64)


def test_la_purge_est_au_calendrier_de_celery():
    from brest_numerique.celery import app

    taches = {entree["task"] for entree in app.conf.beat_schedule.values()}
    assert {"commentaires.purger_empreintes_ip", "commentaires.resume_quotidien"} <= taches
