"""Vingt demandes simultanées pour un même logement, sur le vrai PostgreSQL : une
seule passe, les autres reçoivent la même erreur propre. Chaque fil a sa connexion."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from brest_numerique.notifications.models import Notification
from internet_pour_tous.abonnements.services import abonnement_demander
from internet_pour_tous.models import Abonnement
from tests.internet_pour_tous.factories import LogementFactory

FILS = 20


@pytest.mark.django_db(transaction=True)
def test_vingt_demandes_simultanees_pour_un_logement_n_en_creent_qu_une():
    logement = LogementFactory()
    depart = threading.Barrier(FILS)

    def demander(rang: int) -> str:
        try:
            depart.wait(timeout=60)
            abonnement_demander(
                logement=logement,
                titulaire=f"Foyer {rang}",
                email=f"foyer{rang}@exemple.fr",
                telephone="",
                accompagnement=[],
            )
            return "créé"
        except ValidationError as erreur:
            return erreur.messages[0]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=FILS) as fils:
        resultats = list(fils.map(demander, range(FILS)))

    assert resultats.count("créé") == 1
    assert sorted(set(resultats) - {"créé"}) == ["Ce logement a déjà un abonnement en cours."]
    assert Abonnement.objects.filter(logement=logement).count() == 1
    assert Notification.objects.filter(sorte="ipt_demande_recue").count() == 1
