"""La page /compte/ liste les commentaires de la personne : statut en français, lien
vers la page commentée quand il est publié, pagination, et un coût en requêtes qui
ne dépend pas du nombre de commentaires."""

import pytest

from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import analyser
from tests.factories import UserFactory
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lectrice(client):
    user = UserFactory(email="gwen@exemple.fr")
    client.force_login(user)
    return user


def _cartes(reponse):
    return analyser(reponse).un("ol", "mes-commentaires").tous("li", "carte")


def test_ses_commentaires_avec_leur_statut_et_le_lien_des_publies(client, lectrice):
    lieu = LieuFactory(nom="Médiathèque des Capucins")
    publie = CommentaireFactory(objet=lieu, auteur=lectrice, email=lectrice.email, statut="publie")
    CommentaireFactory(objet=lieu, auteur=lectrice, email=lectrice.email)
    CommentaireFactory(objet=lieu, email=lectrice.email, statut="rejete")  # avant son compte
    CommentaireFactory(objet=lieu, statut="publie")  # d'une autre personne

    reponse = client.get("/compte/")

    cartes = _cartes(reponse)
    assert len(cartes) == 3
    textes = [" ".join(c.texte().split()) for c in cartes]
    assert {t.split(" · ")[0] for t in textes} == {"Publié", "À modérer", "Rejeté"}
    liens = [a.attribut("href") for c in cartes for a in c.tous("a")]
    assert liens == [f"{lieu.get_absolute_url()}#commentaire-{publie.pk}"]
    assert "3 commentaires, du plus récent au plus ancien." in analyser(reponse).un("main").texte()


def test_une_adresse_non_verifiee_ne_montre_que_les_commentaires_du_compte(client):
    user = UserFactory(email="inconnue@exemple.fr", email_verifie=False)
    lieu = LieuFactory()
    CommentaireFactory(objet=lieu, email="inconnue@exemple.fr")
    client.force_login(user)

    assert "Vous n'avez écrit aucun commentaire." in client.get(
        "/compte/"
    ).content.decode().replace("&#x27;", "'")


def test_la_liste_est_paginee_et_coute_autant_de_requetes_a_30_qu_a_60(
    client, lectrice, django_assert_max_num_queries
):
    lieux = LieuFactory.create_batch(3)
    for n in range(3):
        CommentaireFactory(objet=lieux[n], auteur=lectrice, statut="publie")
    with django_assert_max_num_queries(20) as petites:
        client.get("/compte/")
    for n in range(27):
        CommentaireFactory(objet=lieux[n % 3], auteur=lectrice, statut="publie")
    # Trois commentaires tiennent sur la première page : leur total ne se compte
    # pas (brest_numerique/pagination.py) ; à 30, une requête de plus, puis à 60
    # pas une de plus.
    with django_assert_max_num_queries(len(petites.captured_queries) + 1) as trente:
        client.get("/compte/")
    for n in range(30):
        CommentaireFactory(objet=lieux[n % 3], auteur=lectrice, statut="publie")

    with django_assert_max_num_queries(len(trente.captured_queries)):
        premiere = client.get("/compte/")
    seconde = client.get("/compte/?page=3")

    assert len(_cartes(premiere)) == 10
    assert len(_cartes(seconde)) == 10
    assert client.get("/compte/?page=n-importe").status_code == 200
