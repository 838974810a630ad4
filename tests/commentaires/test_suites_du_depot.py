"""Le dépôt n'écrit que le commentaire ; ses suites (courriel de confirmation,
alerte des modérateurs) se font dans le worker, une seule fois, et le balayage
périodique rattrape celles dont le message s'est perdu."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from brest_numerique.notifications.models import Notification
from brest_numerique.notifications.tasks import relancer_le_travail_differe
from commentaires import services
from commentaires.models import Commentaire
from commentaires.tasks import suites_du_depot
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import donnees, horodatage_d_il_y_a, url_depot

pytestmark = pytest.mark.django_db


def _sortes() -> list[str]:
    return sorted(Notification.objects.values_list("sorte", flat=True))


def test_le_depot_n_ecrit_que_le_commentaire(
    client, lieu, webmestre, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.get(lieu.get_absolute_url())  # types de contenu en cache, comme en production
    formulaire = donnees(horodatage=horodatage_d_il_y_a(60, client))

    # L'objet commenté, la recherche de doublon, l'écriture : rien d'autre.
    with (
        django_capture_on_commit_callbacks(execute=False) as apres_validation,
        django_assert_max_num_queries(3),
    ):
        reponse = client.post(url_depot(lieu), formulaire)

    assert reponse.status_code == 302
    commentaire = Commentaire.objects.get()
    assert commentaire.suites_en_attente
    assert not Notification.objects.exists()
    assert len(apres_validation) == 1


def test_les_suites_sont_faites_une_seule_fois(lieu, webmestre, django_capture_on_commit_callbacks):
    commentaire = CommentaireFactory(
        objet=lieu, statut=Commentaire.Statut.EN_ATTENTE_CONFIRMATION, suites_en_attente=True
    )

    # Une tâche relivrée par le courtier, ou doublée par le balayage.
    with django_capture_on_commit_callbacks(execute=True):
        assert suites_du_depot.delay(commentaire.pk).get() is True
        assert suites_du_depot.delay(commentaire.pk).get() is False

    commentaire.refresh_from_db()
    assert commentaire.suites_en_attente is False
    assert _sortes() == ["commentaire_confirmation"]
    assert [m.to for m in mail.outbox] == [[commentaire.email]]


def test_un_commentaire_deja_modere_ne_previent_plus_personne(lieu, webmestre):
    commentaire = CommentaireFactory(objet=lieu, suites_en_attente=True)
    commentaire.marquer_spam(par=webmestre)

    assert services.commentaire_suites_du_depot(pk=commentaire.pk) is True

    commentaire.refresh_from_db()
    assert commentaire.suites_en_attente is False
    assert _sortes() == []


def test_le_balayage_rattrape_les_suites_perdues_et_seulement_elles(lieu, webmestre):
    il_y_a_10_min = timezone.now() - timedelta(minutes=10)
    perdu = CommentaireFactory(objet=lieu, suites_en_attente=True, cree_le=il_y_a_10_min)
    # Son message est sans doute encore dans la file : on le laisse au worker.
    recent = CommentaireFactory(objet=lieu, suites_en_attente=True)
    fait = CommentaireFactory(objet=lieu, cree_le=il_y_a_10_min)

    assert relancer_le_travail_differe.delay().get()["commentaires.suites_du_depot"] == 1

    assert Commentaire.objects.filter(suites_en_attente=True).get() == recent
    (alerte,) = Notification.objects.all()
    assert alerte.sorte == "moderation_nouveau"
    assert alerte.cle == f"moderation_nouveau:{perdu.pk}:{webmestre.pk}"
    assert fait.suites_en_attente is False


def test_le_balayage_est_au_calendrier_de_celery():
    from brest_numerique.celery import app

    taches = {entree["task"] for entree in app.conf.beat_schedule.values()}
    assert "differe.relancer" in taches
