"""Une personne seule ne masque pas un commentaire : le seuil compte des personnes
distinctes par leur adresse et par leur compte, les comptes trop jeunes n'y
comptent pas, les en-têtes de mandataire d'un client ne valent rien, et les
signalements ont leurs limites de débit."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from commentaires.models import Commentaire, Signalement
from tests.commentaires.factories import CommentaireFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publie(lieu):
    return CommentaireFactory(objet=lieu, statut="publie", texte="Un avis qui dérange.")


def _compte(jours: int = 30):
    compte = UserFactory()
    compte.date_joined = timezone.now() - timedelta(days=jours)
    compte.save(update_fields=["date_joined"])
    return compte


def signaler(commentaire, *, ip: str, compte=None, **entetes):
    client = Client()
    if compte is not None:
        client.force_login(compte)
    return client.post(
        f"/commentaires/{commentaire.pk}/signaler/",
        {"raison": "injurieux"},
        REMOTE_ADDR=ip,
        **entetes,
    )


def _statut(commentaire) -> str:
    commentaire.refresh_from_db()
    return commentaire.statut


def test_un_anonyme_et_deux_comptes_depuis_la_meme_machine_ne_masquent_rien(publie):
    signaler(publie, ip="203.0.113.7")
    signaler(publie, ip="203.0.113.7", compte=_compte())
    signaler(publie, ip="203.0.113.7", compte=_compte())

    assert Signalement.objects.count() == 3  # tous parviennent aux modérateurs
    assert _statut(publie) == Commentaire.Statut.PUBLIE


def test_un_meme_compte_depuis_trois_adresses_ne_compte_qu_une_fois(publie):
    compte = _compte()
    for ip in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        signaler(publie, ip=ip, compte=compte)
    signaler(publie, ip="198.51.100.4")

    assert _statut(publie) == Commentaire.Statut.PUBLIE


def test_des_comptes_crees_depuis_moins_de_3_jours_ne_comptent_pas(publie):
    for numero in range(3):
        signaler(publie, ip=f"198.51.100.{numero}", compte=_compte(jours=1))

    assert Signalement.objects.count() == 3
    assert _statut(publie) == Commentaire.Statut.PUBLIE


def test_trois_personnes_distinctes_masquent_le_commentaire(publie):
    signaler(publie, ip="198.51.100.1", compte=_compte())
    signaler(publie, ip="198.51.100.2", compte=_compte())
    signaler(publie, ip="198.51.100.3")

    assert _statut(publie) == Commentaire.Statut.MASQUE


def test_des_adresses_inventees_dans_x_forwarded_for_ne_font_pas_des_personnes(publie):
    # Sans mandataire déclaré, l'en-tête d'un client ne compte pas.
    for numero in range(3):
        signaler(publie, ip="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{numero}")

    assert Signalement.objects.count() == 1
    assert _statut(publie) == Commentaire.Statut.PUBLIE


def test_derriere_un_mandataire_declare_l_adresse_transmise_fait_foi(publie, settings):
    from ipaddress import ip_network

    settings.TRUSTED_PROXIES = (ip_network("127.0.0.1/32"),)
    for numero in range(3):
        signaler(publie, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{numero}")

    assert _statut(publie) == Commentaire.Statut.MASQUE


def test_trente_signalements_d_une_meme_personne_sont_limites(lieu):
    commentaires = [CommentaireFactory(objet=lieu, statut="publie") for _ in range(30)]
    compte = _compte()
    client = Client()
    client.force_login(compte)

    statuts = [
        client.post(
            f"/commentaires/{c.pk}/signaler/", {"raison": "spam"}, REMOTE_ADDR=f"198.51.100.{i}"
        ).status_code
        for i, c in enumerate(commentaires)
    ]

    assert statuts[:10] == [302] * 10
    assert set(statuts[10:]) == {429}
    assert Signalement.objects.count() == 10
