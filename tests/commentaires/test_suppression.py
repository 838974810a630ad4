"""L'auteur retire ses commentaires par le lien signé présent dans chaque courriel :
le texte est remplacé, les réponses des autres gardent leur contexte."""

import re

import pytest
from django.core import mail

from commentaires import services, suites
from commentaires.models import TEXTE_SUPPRIME, Commentaire
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import analyser, commentaires_affiches, deposer
from tests.courriels import jeton_du_lien

pytestmark = pytest.mark.django_db


@pytest.fixture
def fil(lieu):
    """Deux commentaires de Maël (l'un publié avec une réponse), un d'une autre personne."""
    publie = CommentaireFactory(
        objet=lieu, statut="publie", nom="Maël", email="mael@exemple.fr", ip_empreinte="a" * 64
    )
    reponse = CommentaireFactory(
        objet=lieu, statut="publie", parent=publie, nom="Rozenn", texte="Je réponds à Maël."
    )
    en_attente = CommentaireFactory(objet=lieu, nom="Maël", email="MAEL@exemple.fr")
    autre = CommentaireFactory(objet=lieu, statut="publie", nom="Yannick")
    return publie, reponse, en_attente, autre


def _chemin(lien: str) -> str:
    return re.sub(r"^https?://[^/]+", "", lien)


def test_le_lien_de_suppression_figure_dans_les_courriels_aux_auteurs(client, lieu):
    deposer(client, lieu, email="mael@exemple.fr")

    (courriel,) = mail.outbox
    jeton = jeton_du_lien(courriel.body, "commentaires:supprimer")
    assert services.lire_jeton(jeton, sel=suites.SEL_SUPPRESSION) == "mael@exemple.fr"
    assert jeton_du_lien(courriel.alternatives[0][0], "commentaires:supprimer") == jeton


def test_ouvrir_le_lien_demande_confirmation_sans_rien_supprimer(client, fil):
    reponse = client.get(_chemin(suites.lien_suppression("Mael@Exemple.fr")))

    assert reponse.status_code == 200
    texte = analyser(reponse).un("main").texte()
    assert "2 commentaires écrits avec l'adresse mael@exemple.fr" in " ".join(texte.split())
    assert not Commentaire.objects.filter(supprime_par_auteur=True).exists()


def test_confirmer_remplace_le_texte_et_efface_les_donnees_personnelles(client, lieu, fil):
    publie, reponse, en_attente, autre = fil

    confirmation = client.post(_chemin(suites.lien_suppression("mael@exemple.fr")))

    assert confirmation.status_code == 200
    assert "2 commentaires supprimés" in confirmation.content.decode()
    for commentaire in (publie, en_attente):
        commentaire.refresh_from_db()
        assert commentaire.texte == TEXTE_SUPPRIME
        assert commentaire.nom == "Auteur anonyme"
        assert "mael" not in commentaire.email.lower()
        assert commentaire.ip_empreinte == ""
        assert commentaire.supprime_par_auteur is True
    # Le statut ne change pas : le commentaire publié garde sa place dans le fil.
    assert publie.statut == Commentaire.Statut.PUBLIE
    for commentaire in (reponse, autre):
        texte = commentaire.texte
        commentaire.refresh_from_db()
        assert commentaire.texte == texte
        assert commentaire.supprime_par_auteur is False

    affiches = commentaires_affiches(client.get(lieu.get_absolute_url()))
    assert set(affiches) == {publie.pk, reponse.pk, autre.pk}
    bloc = affiches[publie.pk]
    propre = bloc.tous("article", "commentaire__corps")[0]  # le sien, pas les réponses
    assert propre.un(classe="commentaire__texte").texte() == TEXTE_SUPPRIME
    assert "Maël" not in propre.texte()
    # On ne répond plus à un commentaire supprimé et on ne le signale plus…
    assert propre.tous(classe="commentaire__actions") == []
    # … mais la réponse de Rozenn reste sous lui, avec son texte.
    sous_lui = bloc.un("ol", "commentaires__reponses").tous("li", "commentaire")
    assert [e.attribut("id") for e in sous_lui] == [f"commentaire-{reponse.pk}"]
    assert "Je réponds à Maël." in affiches[reponse.pk].texte()


def test_le_lien_sert_une_fois_puis_ne_trouve_plus_rien(client, fil):
    lien = _chemin(suites.lien_suppression("mael@exemple.fr"))
    client.post(lien)

    assert "0 commentaire supprimé" in client.post(lien).content.decode()
    assert "Aucun commentaire à supprimer" in client.get(lien).content.decode()


@pytest.mark.parametrize("methode", ["get", "post"])
def test_un_lien_de_suppression_altere_repond_400(client, fil, methode):
    lien = _chemin(suites.lien_suppression("mael@exemple.fr"))
    jeton = lien.rstrip("/").rsplit("/", 1)[1]
    faux = suites.lien_suppression("autre@exemple.fr").rstrip("/").rsplit("/", 1)[1]
    # La charge utile de l'un avec la signature de l'autre.
    altere = lien.replace(jeton, jeton.split(":")[0] + ":" + faux.split(":", 1)[1])

    reponse = getattr(client, methode)(altere)

    assert reponse.status_code == 400
    assert "Lien invalide ou expiré" in reponse.content.decode()
    assert not Commentaire.objects.filter(supprime_par_auteur=True).exists()


def test_une_reponse_a_un_commentaire_supprime_ne_previent_pas_son_ancien_auteur(
    lieu, fil, webmestre, django_capture_on_commit_callbacks
):
    services.commentaires_supprimer_de(email="mael@exemple.fr")
    publie = Commentaire.objects.get(pk=fil[0].pk)
    nouvelle = CommentaireFactory(objet=lieu, parent=publie)

    with django_capture_on_commit_callbacks(execute=True):
        nouvelle.approuver(par=webmestre)

    assert [m.to for m in mail.outbox] == [[nouvelle.email]]
