"""La file /moderation/ coûte le même nombre de requêtes quelle que soit la taille de
l'historique : première page, page profonde et page filtrée, à 3 lignes par statut
puis à 60 (les durées, elles, se mesurent au banc : bench/README.md, --commentaires)."""

import itertools
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commentaires.models import Commentaire
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import cartes_de_la_file
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

STATUTS = ["en_attente", "masque", "publie", "rejete", "spam"]


def _remplir(lieux, par_statut: int, depart: int) -> None:
    debut = timezone.now() - timedelta(days=30)
    n = itertools.count(depart)
    for statut in STATUTS:
        for _ in range(par_statut):
            rang = next(n)
            CommentaireFactory(
                objet=lieux[rang % len(lieux)],
                statut=statut,
                email=f"auteur{rang % 7}@exemple.fr",
                cree_le=debut + timedelta(minutes=rang),
            )


def _requetes(client, adresse: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(adresse)
    assert reponse.status_code == 200
    return len(requetes), len(cartes_de_la_file(reponse))


def test_le_nombre_de_requetes_ne_depend_pas_de_l_historique(
    client, webmestre, django_assert_max_num_queries
):
    client.force_login(webmestre)
    lieux = LieuFactory.create_batch(3)
    type_id = ContentType.objects.get_for_model(lieux[0]).pk
    adresses = {
        "première page": "/moderation/",
        "page profonde": "/moderation/?statut=publie&page=3",
        "page filtrée": f"/moderation/?statut=file&page_objet={type_id}-{lieux[1].pk}",
    }
    _remplir(lieux, 3, 0)
    client.get("/moderation/")  # la session et les ContentType en cache, comme en service
    petites = {nom: _requetes(client, adresse)[0] for nom, adresse in adresses.items()}

    _remplir(lieux, 57, 1000)
    assert Commentaire.objects.filter(statut="publie").count() == 60

    for nom, adresse in adresses.items():
        with django_assert_max_num_queries(petites[nom]):
            _, cartes = _requetes(client, adresse)
        assert cartes == {"première page": 25, "page profonde": 10, "page filtrée": 25}[nom]
    assert max(petites.values()) <= 10


def test_chaque_objet_commente_est_nomme_et_lie_sans_requete_par_carte(
    client, webmestre, django_assert_max_num_queries
):
    """Lieux et lauréats lus par `pour_les_liens` (commentaires/commentable.py) : le
    nom d'un lauréat est le titre de son dossier, lu dans la même requête ; deux
    lauréats commentés ou huit coûtent autant."""
    from tests.projets.laureats.fabriques import edition_publiee, laureat

    client.force_login(webmestre)
    edition = edition_publiee()
    lieu = LieuFactory(nom="Médiathèque des Capucins")

    def commenter(objet):
        return CommentaireFactory(objet=objet, statut="en_attente")

    premiers = [laureat(edition, titre=f"Atelier vidéo {i}") for i in range(2)]
    attendus = {commenter(objet).pk: objet for objet in [lieu, *premiers]}
    client.get("/moderation/")
    avant = _requetes(client, "/moderation/")[0]

    autres = [laureat(edition, titre=f"Club photo {i}") for i in range(6)]
    attendus |= {commenter(objet).pk: objet for objet in autres}
    with django_assert_max_num_queries(avant):
        reponse = client.get("/moderation/")
    cartes = cartes_de_la_file(reponse)
    assert set(cartes) == set(attendus)
    for pk, objet in attendus.items():
        liens = {e.attribut("href"): e.texte() for e in cartes[pk].tous("a")}
        assert liens[f"{objet.get_absolute_url()}#commentaires"] == str(objet)
