"""Un nombre de requêtes SQL borné, quel que soit le nombre de commentaires :
500 publiés sur une fiche, 50 000 dans la file. (Les temps vivent dans bench/.)"""

import itertools
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from commentaires.models import Commentaire
from tests.commentaires.outils import cartes_de_la_file, commentaires_affiches
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

REQUETES_MAX = 10
STATUTS = [statut for statut, _ in Commentaire.Statut.choices]


def _commentaire(objet, numero: int, **champs) -> Commentaire:
    texte = f"Commentaire {numero} : https://exemple.fr/{numero} et du texte."
    return Commentaire(
        content_type=ContentType.objects.get_for_model(objet),
        object_id=objet.pk,
        nom=f"Lecteur {numero % 700}",
        email=f"lecteur{numero % 700}@exemple.fr",
        texte=texte,
        empreinte_texte=Commentaire.empreinte(texte),
        **champs,
    )


@pytest.fixture
def fiche_de_500_commentaires(lieu):
    debut = timezone.now() - timedelta(days=100)
    publies = Commentaire.objects.bulk_create(
        _commentaire(
            lieu,
            n,
            statut=Commentaire.Statut.PUBLIE,
            cree_le=debut + timedelta(minutes=n),
            publie_le=debut + timedelta(minutes=n),
        )
        for n in range(500)
    )
    # Des réponses (publiées ou non) sous un commentaire sur trois, et des
    # commentaires non publiés, qui ne doivent rien coûter à l'affichage.
    Commentaire.objects.bulk_create(
        _commentaire(
            lieu,
            1000 + n,
            parent=parent,
            statut=statut,
            cree_le=parent.cree_le + timedelta(seconds=30),
            publie_le=parent.cree_le,
        )
        for n, (parent, statut) in enumerate(
            zip(publies[::3], itertools.cycle(["publie", "publie", "en_attente", "masque"]))
        )
    )
    Commentaire.objects.bulk_create(
        _commentaire(lieu, 2000 + n, statut=statut, cree_le=debut)
        for n, statut in enumerate(STATUTS * 20)
        if statut != "publie"
    )
    return lieu, publies


def test_une_fiche_de_500_commentaires_coute_au_plus_10_requetes_par_page(
    client, fiche_de_500_commentaires, django_assert_max_num_queries
):
    lieu, publies = fiche_de_500_commentaires

    for page in (1, 7, 10):
        with django_assert_max_num_queries(REQUETES_MAX):
            reponse = client.get(f"{lieu.get_absolute_url()}?commentaires={page}")

        assert reponse.status_code == 200
        affiches = commentaires_affiches(reponse)
        premiers = publies[(page - 1) * 50 : page * 50]
        assert [pk for pk in affiches if pk in {c.pk for c in publies}] == [c.pk for c in premiers]
        # Les réponses publiées sont là aussi, celles en attente ou masquées non.
        reponses = Commentaire.objects.filter(parent__in=premiers, statut="publie")
        assert set(affiches) - {c.pk for c in premiers} == set(
            reponses.values_list("pk", flat=True)
        )
        assert f"Page {page} sur 10" in reponse.content.decode()


def test_la_fiche_coute_autant_pour_un_moderateur_connecte(
    client, webmestre, fiche_de_500_commentaires, django_assert_max_num_queries
):
    lieu, _ = fiche_de_500_commentaires
    client.force_login(webmestre)

    with django_assert_max_num_queries(REQUETES_MAX + 5):
        assert client.get(lieu.get_absolute_url()).status_code == 200


@pytest.fixture
def file_de_50000_commentaires(db):
    lieux = LieuFactory.create_batch(20)
    debut = timezone.now() - timedelta(days=400)
    lots = (
        _commentaire(
            lieux[n % len(lieux)],
            n,
            statut=STATUTS[n % len(STATUTS)],
            cree_le=debut + timedelta(minutes=n),
        )
        for n in range(50_000)
    )
    while lot := list(itertools.islice(lots, 5_000)):
        Commentaire.objects.bulk_create(lot)
    return lieux


def test_la_file_de_50000_commentaires_coute_au_plus_10_requetes_par_page(
    client, webmestre, file_de_50000_commentaires, django_assert_max_num_queries
):
    client.force_login(webmestre)
    type_id = ContentType.objects.get_for_model(file_de_50000_commentaires[0]).pk
    objet_id = file_de_50000_commentaires[3].pk
    # La première page d'un processus lit les types de contenu des modèles commentés,
    # que Django garde ensuite : ce test, lancé seul ou le premier, les paierait.
    client.get("/moderation/")

    for requete, statuts_attendus in [
        ("", {"en_attente", "masque"}),
        ("?page=2", {"en_attente", "masque"}),
        ("?page=500", {"en_attente", "masque"}),
        ("?statut=publie&page=200", {"publie"}),
        ("?statut=spam", {"spam"}),
        (f"?statut=file&page_objet={type_id}-{objet_id}&page=3", {"en_attente", "masque"}),
    ]:
        with django_assert_max_num_queries(REQUETES_MAX):
            reponse = client.get(f"/moderation/{requete}")

        assert reponse.status_code == 200
        cartes = cartes_de_la_file(reponse)
        assert len(cartes) == 25, requete
        commentaires = Commentaire.objects.filter(pk__in=cartes)
        assert set(commentaires.values_list("statut", flat=True)) == statuts_attendus
