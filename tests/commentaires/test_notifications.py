"""Tout passe par la boîte d'envoi : une ligne Notification écrite dans la
transaction, un courriel envoyé une seule fois, et seulement après validation."""

import re
from datetime import date

import pytest
from django.core import mail
from django.db import transaction

from brest_numerique.etats import TransitionInterdite
from brest_numerique.notifications.models import Desabonnement, Notification
from commentaires import services
from commentaires.models import Commentaire, PreferenceModeration
from commentaires.tasks import resume_quotidien
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import deposer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class Annulation(Exception):
    pass


@pytest.fixture
def resumeur(db):
    """Un webmestre qui a choisi le résumé quotidien."""
    moderateur = UserFactory(role="Webmestres")
    PreferenceModeration.objects.create(
        moderateur=moderateur, rythme=PreferenceModeration.Rythme.QUOTIDIEN
    )
    return moderateur


def _courriels(a: str) -> list:
    return [m for m in mail.outbox if m.to == [a]]


def test_un_commentaire_qui_entre_dans_la_file_previent_les_moderateurs_une_fois(
    client,
    lieu,
    sans_confirmation,
    webmestre,
    resumeur,
    settings,
):
    deposer(client, lieu, nom="Soizic", texte="Quels horaires le samedi ?")

    notification = Notification.objects.get(sorte="moderation_nouveau")
    assert notification.destinataire == webmestre.email
    assert notification.statut == Notification.Statut.ENVOYEE
    (courriel,) = _courriels(webmestre.email)
    assert courriel.subject == "Commentaire à modérer sur « Médiathèque des Capucins »"
    assert "Soizic a écrit" in courriel.body
    assert "Quels horaires le samedi ?" in courriel.body
    assert f"{settings.SITE_URL}/moderation/" in courriel.body
    # Celui qui a choisi le résumé quotidien n'est pas dérangé à chaque commentaire.
    assert _courriels(resumeur.email) == []
    assert len(mail.outbox) == 1


def test_rien_ne_part_avant_la_validation_de_la_transaction(
    lieu, webmestre, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as apres_depot:
        commentaire = services.commentaire_deposer(
            objet=lieu,
            donnees={"nom": "Loïc", "email": "loic@exemple.fr", "texte": "Bonjour"},
            auteur=None,
        )

    # Le dépôt n'écrit que le commentaire ; ses suites attendent la validation.
    assert commentaire.suites_en_attente
    assert not Notification.objects.exists()
    (suites,) = apres_depot

    with django_capture_on_commit_callbacks(execute=False) as apres_suites:
        suites()
    # Le courriel est écrit dans la boîte d'envoi, son envoi attend la validation.
    assert list(Notification.objects.values_list("sorte", flat=True)) == [
        "commentaire_confirmation"
    ]
    assert mail.outbox == []
    (envoi,) = apres_suites
    envoi()
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=False) as apres_confirmation:
        services.commentaire_confirmer(pk=commentaire.pk)
    assert Notification.objects.filter(sorte="moderation_nouveau").exists()
    assert len(mail.outbox) == 1
    # L'envoi aux modérateurs et la mise à jour de la version des commentaires (cache des pages).
    assert len(apres_confirmation) == 2
    for rappel in apres_confirmation:
        rappel()
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(statut=Notification.Statut.ENVOYEE).count() == 2


def test_une_transaction_annulee_n_envoie_rien_et_n_ecrit_rien(
    lieu, webmestre, django_capture_on_commit_callbacks
):
    publie = CommentaireFactory(objet=lieu, statut="publie")
    en_attente = CommentaireFactory(objet=lieu, parent=publie)

    with (
        django_capture_on_commit_callbacks(execute=True) as rappels,
        pytest.raises(Annulation),
        transaction.atomic(),
    ):
        en_attente.approuver(par=webmestre)
        services.commentaire_deposer(
            objet=lieu,
            donnees={"nom": "Loïc", "email": "loic@exemple.fr", "texte": "Bonjour"},
            auteur=None,
        )
        raise Annulation

    assert rappels == []
    assert mail.outbox == []
    assert not Notification.objects.exists()
    en_attente.refresh_from_db()
    assert en_attente.statut == Commentaire.Statut.EN_ATTENTE
    assert not en_attente.transitions.exists()
    assert Commentaire.objects.count() == 2


def test_l_auteur_apprend_la_publication_avec_un_lien_vers_son_commentaire(
    lieu, webmestre, django_capture_on_commit_callbacks
):
    commentaire = CommentaireFactory(objet=lieu, email="gwen@exemple.fr")

    with django_capture_on_commit_callbacks(execute=True):
        commentaire.approuver(par=webmestre)
    # Un second clic (ou un second modérateur) n'envoie rien de plus.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionInterdite):
        commentaire.approuver(par=webmestre)

    (courriel,) = _courriels("gwen@exemple.fr")
    assert courriel.subject == "Votre commentaire est publié"
    lien = f"{lieu.get_absolute_url()}#commentaire-{commentaire.pk}"
    assert lien in courriel.body
    assert lien in courriel.alternatives[0][0]
    assert "/commentaires/supprimer/" in courriel.body
    # Une décision sur son commentaire est essentielle : pas de désinscription.
    assert "List-Unsubscribe" not in courriel.extra_headers
    assert Notification.objects.filter(sorte="commentaire_publie").count() == 1


def test_l_auteur_apprend_le_refus_avec_le_motif(
    lieu, webmestre, django_capture_on_commit_callbacks
):
    commentaire = CommentaireFactory(objet=lieu, email="gwen@exemple.fr", texte="Mon texte")

    with django_capture_on_commit_callbacks(execute=True):
        commentaire.rejeter(par=webmestre, motif="Hors sujet pour ce lieu")

    (courriel,) = mail.outbox
    assert courriel.to == ["gwen@exemple.fr"]
    assert courriel.subject == "Votre commentaire n'a pas été publié"
    assert "Motif\u00a0: Hors sujet pour ce lieu" in courriel.body
    assert "Mon texte" in courriel.body
    assert commentaire.transitions.get().motif == "Hors sujet pour ce lieu"


def test_un_refus_sans_motif_ne_montre_pas_de_ligne_motif(
    lieu, webmestre, django_capture_on_commit_callbacks
):
    commentaire = CommentaireFactory(objet=lieu)

    with django_capture_on_commit_callbacks(execute=True):
        commentaire.rejeter(par=webmestre)

    (courriel,) = mail.outbox
    assert "Motif" not in courriel.body


def test_l_auteur_du_parent_est_prevenu_d_une_reponse_avec_un_lien_de_desinscription(
    lieu, webmestre, settings, django_capture_on_commit_callbacks
):
    parent = CommentaireFactory(objet=lieu, statut="publie", email="parent@exemple.fr")
    reponse = CommentaireFactory(objet=lieu, parent=parent, nom="Erwan", texte="D'accord !")

    with django_capture_on_commit_callbacks(execute=True):
        reponse.approuver(par=webmestre)

    (courriel,) = _courriels("parent@exemple.fr")
    assert courriel.subject == "Nouvelle réponse à votre commentaire"
    assert "Erwan a répondu" in courriel.body
    assert "D'accord !" in courriel.body
    assert f"#commentaire-{parent.pk}" in courriel.body
    desabonnement = re.search(r"<(.+)>", courriel.extra_headers["List-Unsubscribe"])[1]
    assert desabonnement.startswith(f"{settings.SITE_URL}/notifications/desabonnement/")
    assert courriel.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert desabonnement in courriel.body


def test_une_personne_desabonnee_des_reponses_n_est_plus_prevenue(
    lieu, webmestre, django_capture_on_commit_callbacks
):
    Desabonnement.objects.create(email="parent@exemple.fr", sorte="commentaire_reponse")
    parent = CommentaireFactory(objet=lieu, statut="publie", email="parent@exemple.fr")
    reponse = CommentaireFactory(objet=lieu, parent=parent)

    with django_capture_on_commit_callbacks(execute=True):
        reponse.approuver(par=webmestre)

    assert _courriels("parent@exemple.fr") == []
    assert len(_courriels(reponse.email)) == 1  # la publication, elle, est essentielle


def test_on_n_est_pas_prevenu_de_sa_propre_reponse(
    lieu, webmestre, django_capture_on_commit_callbacks
):
    parent = CommentaireFactory(objet=lieu, statut="publie", email="moi@exemple.fr")
    reponse = CommentaireFactory(objet=lieu, parent=parent, email="moi@exemple.fr")

    with django_capture_on_commit_callbacks(execute=True):
        reponse.approuver(par=webmestre)

    assert [m.subject for m in mail.outbox] == ["Votre commentaire est publié"]


def test_le_resume_quotidien_va_seulement_a_ceux_qui_l_ont_choisi(
    lieu, webmestre, resumeur, django_capture_on_commit_callbacks
):
    anciens = [
        CommentaireFactory(objet=lieu, texte="Le plus ancien"),
        CommentaireFactory(objet=lieu, statut="masque", texte="Un masqué"),
    ]
    CommentaireFactory(objet=lieu, statut="publie", texte="Déjà publié")

    with django_capture_on_commit_callbacks(execute=True):
        assert resume_quotidien.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        # Relancée le même jour (reprise après panne), la tâche n'envoie rien de plus.
        resume_quotidien.delay().get()

    (courriel,) = mail.outbox
    assert courriel.to == [resumeur.email]
    assert courriel.subject == "2 commentaires à modérer"
    for commentaire in anciens:
        assert commentaire.texte in courriel.body
    assert "Déjà publié" not in courriel.body
    assert "List-Unsubscribe" in courriel.extra_headers
    assert Notification.objects.get().sorte == "moderation_resume"


def test_pas_de_resume_quand_la_file_est_vide(lieu, resumeur, django_capture_on_commit_callbacks):
    CommentaireFactory(objet=lieu, statut="publie")

    with django_capture_on_commit_callbacks(execute=True):
        assert services.resume_quotidien_envoyer(jour=date(2026, 11, 3)) == 0

    assert mail.outbox == []


def test_un_moderateur_choisit_son_rythme_depuis_la_file(client, webmestre):
    client.force_login(webmestre)

    reponse = client.post("/moderation/rythme/", {"rythme": "quotidien"})

    assert reponse.status_code == 302
    assert webmestre.preference_moderation.rythme == "quotidien"
    page = client.get("/moderation/").content.decode()
    assert '<option value="quotidien" selected>' in page


@pytest.mark.parametrize("adresse", ["/moderation/", "/moderation/?statut=publie"])
def test_la_file_montre_le_rythme_choisi_ou_celui_par_defaut(client, webmestre, adresse):
    """Le rythme se lit avec les totaux de la file, quel que soit le filtre."""
    client.force_login(webmestre)

    assert '<option value="immediat" selected>' in client.get(adresse).content.decode()
    PreferenceModeration.objects.create(moderateur=webmestre, rythme="quotidien")
    page = client.get(adresse).content.decode()
    assert '<option value="quotidien" selected>' in page
    assert '<option value="immediat" selected>' not in page
