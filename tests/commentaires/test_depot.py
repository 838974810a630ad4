"""Qui dépose quoi : réponses sur un seul niveau, réponses de l'équipe,
confirmation de l'adresse des anonymes, dispense pour les comptes vérifiés."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from brest_numerique.notifications.models import Notification
from commentaires.models import Commentaire, Transition
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import analyser, commentaires_affiches, deposer
from tests.factories import UserFactory
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

A_CONFIRMER = "Un courriel vient de vous être envoyé"
APRES_VALIDATION = "sera publié après validation par le webmestre du site"


def _lien_de_confirmation() -> str:
    courriel = Notification.objects.get(sorte="commentaire_confirmation")
    return re.search(r"https?://\S+(/commentaires/confirmer/[^/\s]+/)", courriel.corps_texte)[1]


def _messages(reponse) -> str:
    return " ".join(m.message for m in reponse.context["messages"])


# --- Réponses ------------------------------------------------------------


def test_une_reponse_a_un_commentaire_publie_s_affiche_sous_lui_une_fois_approuvee(
    client, lieu, sans_confirmation, webmestre, django_capture_on_commit_callbacks
):
    parent = CommentaireFactory(objet=lieu, statut="publie")
    formulaire = client.get(f"{lieu.get_absolute_url()}?repondre={parent.pk}")
    assert "Répondre à un commentaire" in formulaire.content.decode()

    assert deposer(client, lieu, parent=str(parent.pk), texte="Je confirme !").status_code == 302
    reponse = Commentaire.objects.get(parent=parent)
    # Validée, la décision change la version des commentaires : le fil gardé de la
    # fiche, rendu à l'affichage du formulaire, ne sert plus.
    with django_capture_on_commit_callbacks(execute=True):
        reponse.approuver(par=webmestre)

    affiches = commentaires_affiches(client.get(lieu.get_absolute_url()))
    assert set(affiches) == {parent.pk, reponse.pk}
    sous_parent = affiches[parent.pk].un("ol", "commentaires__reponses")
    assert [e.attribut("id") for e in sous_parent.tous("li", "commentaire")] == [
        f"commentaire-{reponse.pk}"
    ]
    # Une réponse ne propose pas d'y répondre : un seul niveau.
    assert "Répondre" not in affiches[reponse.pk].un(classe="commentaire__actions").texte()


def test_une_reponse_a_une_reponse_est_refusee(client, lieu, sans_confirmation):
    parent = CommentaireFactory(objet=lieu, statut="publie")
    reponse = CommentaireFactory(objet=lieu, statut="publie", parent=parent)

    refus = deposer(client, lieu, parent=str(reponse.pk), texte="Et moi aussi")

    assert refus.status_code == 400
    assert "répondre qu'à un commentaire publié" in analyser(refus).texte()
    assert Commentaire.objects.count() == 2


@pytest.mark.parametrize("statut", ["en_attente", "rejete", "spam", "masque"])
def test_on_ne_repond_pas_a_un_commentaire_non_publie(client, lieu, statut):
    parent = CommentaireFactory(objet=lieu, statut=statut)

    assert deposer(client, lieu, parent=str(parent.pk)).status_code == 400
    assert Commentaire.objects.count() == 1


def test_on_ne_repond_pas_depuis_une_page_a_un_commentaire_d_une_autre_page(client, lieu):
    ailleurs = CommentaireFactory(objet=LieuFactory(), statut="publie")

    assert deposer(client, lieu, parent=str(ailleurs.pk)).status_code == 400
    assert Commentaire.objects.count() == 1


def test_la_reponse_de_l_equipe_est_publiee_aussitot_avec_le_badge(client, lieu, webmestre):
    parent = CommentaireFactory(objet=lieu, statut="publie", email="camille@exemple.fr")
    client.force_login(webmestre)

    reponse = deposer(
        client,
        lieu,
        parent=str(parent.pk),
        nom="Équipe du PAPI",
        email=webmestre.email,
        texte="Merci, les horaires sont corrigés.",
    )

    assert reponse.status_code == 302
    assert "Votre réponse est publiée." in _messages(client.get(reponse["Location"]))
    commentaire = Commentaire.objects.get(parent=parent)
    assert commentaire.statut == Commentaire.Statut.PUBLIE
    assert commentaire.equipe is True
    assert commentaire.auteur == webmestre
    transition = commentaire.transitions.get()
    assert (transition.de, transition.vers, transition.par) == ("en_attente", "publie", webmestre)
    # Rien dans la file, personne à prévenir de modérer.
    assert not Notification.objects.filter(sorte="moderation_nouveau").exists()
    # Mais l'auteur du commentaire parent apprend qu'on lui a répondu.
    assert Notification.objects.get(sorte="commentaire_reponse").destinataire == (
        "camille@exemple.fr"
    )

    client.logout()
    bloc = commentaires_affiches(client.get(lieu.get_absolute_url()))[commentaire.pk]
    assert bloc.un("span", "badge-equipe").texte() == "Équipe Brest numérique"
    parent_bloc = commentaires_affiches(client.get(lieu.get_absolute_url()))[parent.pk]
    assert len(parent_bloc.tous("span", "badge-equipe")) == 1  # seulement sur la réponse


def test_un_lecteur_n_a_jamais_le_badge_de_l_equipe(client, lieu, citoyen, webmestre):
    client.force_login(citoyen)
    deposer(client, lieu, nom="Équipe Brest numérique", email=citoyen.email)
    commentaire = Commentaire.objects.get()
    commentaire.approuver(par=webmestre)

    bloc = commentaires_affiches(client.get(lieu.get_absolute_url()))[commentaire.pk]
    assert commentaire.equipe is False
    assert bloc.tous("span", "badge-equipe") == []


# --- Confirmation de l'adresse --------------------------------------------


def test_le_formulaire_d_un_usager_connecte_est_prerempli(client, lieu, citoyen):
    client.force_login(citoyen)

    formulaire = analyser(client.get(lieu.get_absolute_url())).un("form", "formulaire-commentaire")

    valeurs = {e.attribut("name"): e.attribut("value") for e in formulaire.tous("input")}
    assert valeurs["nom"] == citoyen.get_full_name()
    assert valeurs["email"] == citoyen.email


def test_un_usager_a_l_adresse_verifiee_entre_directement_dans_la_file(
    client, lieu, citoyen, webmestre
):
    client.force_login(citoyen)

    reponse = deposer(client, lieu, nom="Camille", email=citoyen.email.upper())

    commentaire = Commentaire.objects.get()
    assert commentaire.statut == Commentaire.Statut.EN_ATTENTE
    assert commentaire.auteur == citoyen
    assert not Notification.objects.filter(sorte="commentaire_confirmation").exists()
    assert Notification.objects.get(sorte="moderation_nouveau").destinataire == webmestre.email
    assert APRES_VALIDATION in _messages(client.get(reponse["Location"]))


def test_un_usager_connecte_qui_donne_une_autre_adresse_doit_la_confirmer(client, lieu, citoyen):
    client.force_login(citoyen)

    deposer(client, lieu, email="autre-adresse@exemple.fr")

    assert Commentaire.objects.get().statut == Commentaire.Statut.EN_ATTENTE_CONFIRMATION
    assert Notification.objects.get(sorte="commentaire_confirmation").destinataire == (
        "autre-adresse@exemple.fr"
    )


def test_un_usager_a_l_adresse_non_verifiee_doit_la_confirmer(client, lieu):
    usager = UserFactory(email_verifie=False)
    client.force_login(usager)

    deposer(client, lieu, email=usager.email)

    assert Commentaire.objects.get().statut == Commentaire.Statut.EN_ATTENTE_CONFIRMATION


def test_un_anonyme_confirme_son_adresse_avant_d_entrer_dans_la_file(
    client, lieu, webmestre, django_capture_on_commit_callbacks
):
    reponse = deposer(client, lieu)

    commentaire = Commentaire.objects.get()
    assert commentaire.statut == Commentaire.Statut.EN_ATTENTE_CONFIRMATION
    assert A_CONFIRMER in _messages(client.get(reponse["Location"]))
    assert not Notification.objects.filter(sorte="moderation_nouveau").exists()
    client.force_login(webmestre)
    assert commentaire.texte not in client.get("/moderation/").content.decode()
    client.logout()

    lien = _lien_de_confirmation()
    # Ouvrir le lien ne suffit pas (un antivirus de messagerie le ferait) : il faut un POST.
    page = client.get(lien)
    assert page.status_code == 200
    assert "Confirmer mon adresse" in page.content.decode()
    commentaire.refresh_from_db()
    assert commentaire.statut == Commentaire.Statut.EN_ATTENTE_CONFIRMATION

    with django_capture_on_commit_callbacks(execute=True):
        confirme = client.post(lien)

    assert confirme.status_code == 302
    assert confirme["Location"] == lieu.get_absolute_url() + "#messages"
    commentaire.refresh_from_db()
    assert commentaire.statut == Commentaire.Statut.EN_ATTENTE
    transition = commentaire.transitions.get()
    assert (transition.de, transition.vers, transition.par) == (
        "en_attente_confirmation",
        "en_attente",
        None,
    )
    assert Notification.objects.filter(sorte="moderation_nouveau").count() == 1
    client.force_login(webmestre)
    assert commentaire.texte in client.get("/moderation/").content.decode()
    # Toujours rien de public.
    client.logout()
    assert commentaires_affiches(client.get(lieu.get_absolute_url())) == {}


def test_confirmer_deux_fois_ne_fait_rien_de_plus(client, lieu, webmestre):
    deposer(client, lieu)
    lien = _lien_de_confirmation()

    client.post(lien)
    client.post(lien)

    assert Transition.objects.count() == 1
    assert Notification.objects.filter(sorte="moderation_nouveau").count() == 1


def test_confirmer_un_commentaire_deja_marque_indesirable_ne_le_remet_pas_en_file(
    client, lieu, webmestre
):
    deposer(client, lieu)
    commentaire = Commentaire.objects.get()
    commentaire.marquer_spam(par=webmestre)

    client.post(_lien_de_confirmation())

    commentaire.refresh_from_db()
    assert commentaire.statut == Commentaire.Statut.SPAM


@pytest.mark.parametrize("methode", ["get", "post"])
def test_un_lien_de_confirmation_altere_repond_400(client, lieu, methode):
    deposer(client, lieu)
    lien = _lien_de_confirmation()
    altere = lien[:-3] + ("A" if lien[-3] != "A" else "B") + lien[-2:]

    reponse = getattr(client, methode)(altere)

    assert reponse.status_code == 400
    assert "Lien invalide ou expiré" in reponse.content.decode()
    assert Commentaire.objects.get().statut == Commentaire.Statut.EN_ATTENTE_CONFIRMATION


def test_un_lien_de_confirmation_de_plus_de_7_jours_repond_400(client, lieu):
    deposer(client, lieu)
    lien = _lien_de_confirmation()

    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        reponse = client.post(lien)

    assert reponse.status_code == 400
    assert Commentaire.objects.get().statut == Commentaire.Statut.EN_ATTENTE_CONFIRMATION


def test_un_jeton_d_un_autre_usage_ne_confirme_rien(client, lieu):
    from commentaires.suites import lien_suppression

    deposer(client, lieu)
    jeton = lien_suppression("annaig@exemple.fr").rstrip("/").rsplit("/", 1)[1]

    assert client.post(f"/commentaires/confirmer/{jeton}/").status_code == 400


def test_la_fiche_avec_ses_deux_formulaires_n_a_aucun_identifiant_en_double(client, lieu):
    # Le formulaire « signaler une erreur » de la fiche a lui aussi email et site_web :
    # des id en double détacheraient les étiquettes de leurs champs.
    publie = CommentaireFactory(objet=lieu, statut="publie")
    CommentaireFactory(objet=lieu, statut="publie", parent=publie)

    for adresse in (lieu.get_absolute_url(), f"{lieu.get_absolute_url()}?repondre={publie.pk}"):
        page = analyser(client.get(adresse))
        identifiants = [e.attribut("id") for e in page.descendants() if e.attribut("id")]
        assert len(identifiants) == len(set(identifiants)), sorted(
            i for i in identifiants if identifiants.count(i) > 1
        )
        for etiquette in page.tous("label"):
            assert etiquette.attribut("for") in identifiants
