"""Supprimer son compte depuis /compte/ : après confirmation (case et mot de passe),
les données personnelles sont effacées, les commentaires gardés mais anonymisés
(« Commentaire supprimé par son auteur »), les sessions fermées ; un compte de
l'équipe ou le membre d'une structure qui a un dossier est refusé, avec sa raison."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.test import Client

from brest_numerique.notifications.models import Desabonnement, Notification
from brest_numerique.notifications.services import notify
from commentaires.models import Commentaire
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import analyser
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.papi.factories import LieuFactory
from tests.projets.factories import DossierFactory, MembreFactory

pytestmark = pytest.mark.django_db

URL = "/compte/supprimer/"
EMAIL = "maiwenn.le-bihan@exemple.fr"


@pytest.fixture
def citoyenne():
    return UserFactory(email=EMAIL, first_name="Maïwenn", last_name="Le Bihan")


@pytest.fixture
def connectee(client, citoyenne):
    client.force_login(citoyenne)
    return client


def _supprimer(client, **donnees):
    return client.post(URL, {"confirmer": "on", "mot_de_passe": MOT_DE_PASSE, **donnees})


def _traces(email: str, nom: str) -> dict[str, int]:
    """Ce qui, dans la base, porte encore l'adresse ou le nom."""
    return {
        "commentaires": Commentaire.objects.filter(
            Q(email__iexact=email) | Q(nom__icontains=nom)
        ).count(),
        "utilisateurs": get_user_model()
        .objects.filter(Q(email__iexact=email) | Q(last_name__icontains=nom))
        .count(),
        "adresses": EmailAddress.objects.filter(email__iexact=email).count(),
        "notifications": Notification.objects.filter(
            Q(destinataire__iexact=email) | Q(corps_texte__icontains=nom)
        ).count(),
        "desabonnements": Desabonnement.objects.filter(email__iexact=email).count(),
    }


def test_la_suppression_efface_tout_sauf_les_commentaires_devenus_anonymes(
    client, connectee, citoyenne
):
    lieu = LieuFactory(nom="Médiathèque des Capucins")
    publie = CommentaireFactory(
        objet=lieu,
        auteur=citoyenne,
        email=EMAIL,
        nom="Maïwenn Le Bihan",
        statut="publie",
        texte="Les ateliers du mardi sont formidables.",
    )
    # Écrit avant l'ouverture du compte, avec la même adresse (en majuscules).
    ancien = CommentaireFactory(objet=lieu, email=EMAIL.upper(), nom="Maïwenn L.")
    # Écrit avec le compte, sous une autre adresse.
    autre = CommentaireFactory(
        objet=lieu, auteur=citoyenne, email="ancienne@exemple.fr", nom="Maïwenn Le Bihan"
    )
    reponse_d_autrui = CommentaireFactory(objet=lieu, parent=publie, statut="publie", nom="Yann")
    notify(kind="bienvenue", to=citoyenne, key="bienvenue:test")
    Desabonnement.objects.create(email=EMAIL, sorte="commentaire_reponse")
    autre_appareil = Client()
    autre_appareil.force_login(citoyenne)
    session_de_l_autre_appareil = autre_appareil.session.session_key
    assert _traces(EMAIL, "Le Bihan")["utilisateurs"] == 1

    reponse = _supprimer(client)

    assert reponse.status_code == 302
    assert reponse["Location"] == "/"
    assert _traces(EMAIL, "Le Bihan") == dict.fromkeys(_traces(EMAIL, "x"), 0)
    assert not get_user_model().objects.filter(pk=citoyenne.pk).exists()
    assert not Commentaire.objects.filter(email="ancienne@exemple.fr").exists()
    for commentaire in (publie, ancien, autre):
        commentaire.refresh_from_db()
        assert commentaire.texte == "Commentaire supprimé par son auteur"
        assert commentaire.supprime_par_auteur
        assert commentaire.auteur is None
        assert "Maïwenn" not in commentaire.nom
    assert publie.statut == "publie"
    reponse_d_autrui.refresh_from_db()
    assert reponse_d_autrui.parent == publie
    # Les sessions sont fermées, ici et sur l'autre appareil.
    assert client.get("/compte/")["Location"].startswith("/compte/login/")
    assert autre_appareil.get("/compte/")["Location"].startswith("/compte/login/")
    assert not [
        s
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(citoyenne.pk)
    ]
    # … et du cache, d'où les sessions se lisent (cached_db) : pas seulement en base.
    assert not SessionStore().exists(session_de_l_autre_appareil)
    # La page publique montre le commentaire ainsi, sans le nom ni le texte.
    page = client.get(lieu.get_absolute_url()).content.decode()
    assert "Commentaire supprimé par son auteur" in page
    assert "Maïwenn" not in page
    assert "Les ateliers du mardi sont formidables." not in page
    assert "Yann" in page


def test_la_page_de_confirmation_dit_ce_qui_sera_efface_sans_rien_supprimer(connectee, citoyenne):
    reponse = connectee.get(URL)

    assert reponse.status_code == 200
    page = analyser(reponse)
    assert page.un("h1").texte() == "Supprimer mon compte"
    assert "Commentaire supprimé par son auteur" in page.un("main").texte()
    noms = {e.attribut("name") for e in page.un("main").tous("input")}
    assert {"confirmer", "mot_de_passe", "csrfmiddlewaretoken"} <= noms
    assert get_user_model().objects.filter(pk=citoyenne.pk).exists()


@pytest.mark.parametrize(
    ("donnees", "champ", "erreur"),
    [
        ({"mot_de_passe": "pas-le-bon"}, "mot_de_passe", "Ce mot de passe n'est pas le vôtre."),
        ({"mot_de_passe": ""}, "mot_de_passe", "Saisissez votre mot de passe."),
        ({"confirmer": ""}, "confirmer", "Cochez la case pour confirmer la suppression."),
    ],
)
def test_sans_confirmation_complete_rien_n_est_supprime(
    connectee, citoyenne, donnees, champ, erreur
):
    reponse = _supprimer(connectee, **donnees)

    assert reponse.status_code == 400
    assert reponse.context["form"].errors[champ] == [erreur]
    assert erreur.replace("'", "&#x27;") in reponse.content.decode()
    assert get_user_model().objects.filter(pk=citoyenne.pk).exists()
    assert connectee.get("/compte/").status_code == 200


def test_un_compte_sans_mot_de_passe_confirme_par_la_case(client):
    user = UserFactory(password=None)
    user.set_unusable_password()
    user.save()
    client.force_login(user)

    assert "mot_de_passe" not in client.get(URL).context["form"].fields
    assert client.post(URL, {"confirmer": "on"}).status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()


def test_un_compte_de_l_equipe_ne_se_supprime_pas_lui_meme(client, webmestre):
    client.force_login(webmestre)

    page = client.get(URL)
    refus = _supprimer(client)

    assert "fait partie de l'équipe du portail" in page.content.decode().replace("&#x27;", "'")
    assert not analyser(page).un("main").tous("form")
    assert refus.status_code == 400
    assert get_user_model().objects.filter(pk=webmestre.pk).exists()


def test_le_membre_d_une_structure_qui_a_un_dossier_est_refuse_avec_sa_raison(client, citoyenne):
    membre = MembreFactory(user=citoyenne, structure__nom="Les Petits Débrouillards")
    DossierFactory(structure=membre.structure)
    client.force_login(citoyenne)

    reponse = _supprimer(client)

    assert reponse.status_code == 400
    texte = " ".join(analyser(reponse).un("main").texte().split())
    assert "Vous êtes membre de « Les Petits Débrouillards », qui a un dossier" in texte
    assert get_user_model().objects.filter(pk=citoyenne.pk).exists()


def test_le_membre_d_une_structure_sans_dossier_peut_supprimer_son_compte(client, citoyenne):
    MembreFactory(user=citoyenne)
    client.force_login(citoyenne)

    assert _supprimer(client).status_code == 302
    assert not get_user_model().objects.filter(pk=citoyenne.pk).exists()


def test_un_anonyme_va_se_connecter_et_sans_jeton_csrf_rien_n_est_supprime(client, citoyenne):
    assert client.get(URL)["Location"].startswith("/compte/login/")

    protege = Client(enforce_csrf_checks=True)
    protege.force_login(citoyenne)
    assert _supprimer(protege).status_code == 403
    assert get_user_model().objects.filter(pk=citoyenne.pk).exists()
