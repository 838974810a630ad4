"""Les fiches commentées sont gardées en cache pour les anonymes : une décision de
modération doit s'y voir aussitôt validée, et les formulaires rester utilisables."""

import re

import pytest
import time_machine
from django.utils import timezone

from commentaires.models import Commentaire
from tests.commentaires.factories import CommentaireFactory

pytestmark = pytest.mark.django_db


def test_une_approbation_validee_apparait_sur_la_fiche_en_cache(
    client, lieu, webmestre, django_capture_on_commit_callbacks
):
    commentaire = CommentaireFactory(objet=lieu, statut="en_attente", texte="Texte repérable 4821")
    assert "Texte repérable 4821" not in client.get(lieu.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        commentaire.approuver(par=webmestre)

    assert "Texte repérable 4821" in client.get(lieu.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        Commentaire.objects.get(pk=commentaire.pk).masquer(motif="test")

    assert "Texte repérable 4821" not in client.get(lieu.get_absolute_url()).content.decode()


def test_chaque_visiteur_recoit_son_jeton_et_un_horodatage_frais(client, lieu):
    premiere = client.get(lieu.get_absolute_url()).content.decode()
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=30)):
        seconde = client.get(lieu.get_absolute_url()).content.decode()

    for page in (premiere, seconde):
        assert "trou-" not in page, "un marqueur de cache est resté dans la page"
    jetons = [
        re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', p) for p in (premiere, seconde)
    ]
    assert all(jetons) and jetons[0] != jetons[1], "le jeton CSRF est propre à chaque réponse"
    horodatages = [
        re.search(r'name="horodatage" value="([^"]+)"', p).group(1) for p in (premiere, seconde)
    ]
    assert horodatages[0] != horodatages[1]


def test_un_visiteur_connecte_n_est_jamais_servi_depuis_le_cache(client, lieu, citoyen):
    client.get(lieu.get_absolute_url())
    client.force_login(citoyen)
    page = client.get(lieu.get_absolute_url()).content.decode()
    assert citoyen.email in page, "le formulaire est prérempli pour lui"


def test_le_formulaire_d_une_fiche_servie_depuis_le_cache_passe_la_protection_csrf(lieu):
    from django.test import Client

    Client().get(lieu.get_absolute_url())  # met la fiche en cache
    visiteur = Client(enforce_csrf_checks=True)
    page = visiteur.get(lieu.get_absolute_url()).content.decode()
    action = re.search(r'action="(/commentaires/deposer/[^"]+)"', page).group(1)
    champs = {
        nom: re.search(rf'name="{nom}" value="([^"]+)"', page).group(1)
        for nom in ("csrfmiddlewaretoken", "horodatage")
    }

    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=5)):
        reponse = visiteur.post(
            action,
            {
                **champs,
                "nom": "Maëlle",
                "email": "maelle@exemple.fr",
                "texte": "Merci pour l'accueil.",
            },
        )

    assert reponse.status_code == 302
    assert Commentaire.objects.filter(email="maelle@exemple.fr").exists()
