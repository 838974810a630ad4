"""L'horodatage du formulaire est lié au navigateur qui l'a affiché et ne sert qu'une fois."""

import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from commentaires.models import Commentaire
from tests.commentaires.outils import deposer, horodatage_d_il_y_a

pytestmark = pytest.mark.django_db


def _navigateur(lieu) -> Client:
    client = Client()
    client.get(lieu.get_absolute_url())
    return client


def _horodatage_affiche(client, lieu) -> str:
    page = client.get(lieu.get_absolute_url()).content.decode()
    return re.search(r'name="horodatage" value="([^"]+)"', page).group(1)


def test_un_horodatage_copie_d_une_autre_session_est_refuse(lieu):
    victime, attaquant = _navigateur(lieu), _navigateur(lieu)
    copie = horodatage_d_il_y_a(60, victime)

    reponse = deposer(attaquant, lieu, horodatage=copie)

    assert reponse.status_code == 400
    assert "Formulaire invalide" in reponse.content.decode()
    assert not Commentaire.objects.exists()


def test_l_horodatage_affiche_dans_la_page_vaut_pour_ce_navigateur(lieu):
    client = _navigateur(lieu)
    affiche = _horodatage_affiche(client, lieu)

    with time_machine.travel(timezone.now(), tick=True) as voyage:
        voyage.shift(10)
        assert deposer(client, lieu, horodatage=affiche).status_code == 302


def test_un_horodatage_ne_sert_qu_une_fois(lieu):
    client = _navigateur(lieu)
    horodatage = horodatage_d_il_y_a(60, client)
    assert deposer(client, lieu, horodatage=horodatage).status_code == 302

    reponse = deposer(client, lieu, horodatage=horodatage, texte="Un second texte.")

    assert reponse.status_code == 400
    assert "déjà été envoyé" in reponse.content.decode()
    assert Commentaire.objects.count() == 1


def test_une_faute_de_saisie_ne_consomme_pas_l_horodatage(lieu):
    client = _navigateur(lieu)
    horodatage = horodatage_d_il_y_a(60, client)
    assert deposer(client, lieu, horodatage=horodatage, email="pas-une-adresse").status_code == 400

    assert deposer(client, lieu, horodatage=horodatage).status_code == 302
