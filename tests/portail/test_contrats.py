"""Les contrats que les applications reprennent : machine à états, journal
immuable, publication. Vérifiés sur les modèles réels qui les emploient."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.test.utils import isolate_apps

from brest_numerique.etats import Journal, MachineAEtats, TransitionInterdite, precede_de
from brest_numerique.notifications.models import Notification
from brest_numerique.publication import Publiable, publics, verifier_contrat
from commentaires.commentable import Commentable
from commentaires.models import Commentaire, Transition
from tests.commentaires.factories import CommentaireFactory
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lieu():
    return LieuFactory()


def _sous_classes(base):
    return [m for m in apps.get_models() if issubclass(m, base)]


def test_chaque_modele_a_etats_a_un_journal_immuable():
    for modele in apps.get_models():
        machine = getattr(modele, "MACHINE", None)
        if isinstance(machine, MachineAEtats):
            journal = modele._meta.get_field(machine.journal).related_model
            assert issubclass(journal, Journal), modele


@pytest.mark.parametrize(
    ("verbe", "attendu"),
    [
        ("rejeter", "de rejeter"),
        ("activer", "d'activer"),
        ("enregistrer le vote du conseil", "d'enregistrer le vote du conseil"),
        ("Écarter", "d'Écarter"),
        ("héberger", "d'héberger"),
        ("suspendre", "de suspendre"),
    ],
)
def test_le_message_d_une_transition_refusee_elide_devant_une_voyelle(verbe, attendu):
    assert precede_de(verbe) == attendu


def test_chaque_modele_commentable_tient_le_contrat_de_publication():
    assert _sous_classes(Commentable)
    for modele in _sous_classes(Commentable):
        verifier_contrat(modele)


@isolate_apps("commentaires")
def test_un_modele_commentable_qui_n_est_pas_publiable_est_refuse_des_sa_declaration():
    with pytest.raises(TypeError, match="sans être Publiable"):

        class Brouillon(Commentable, models.Model):  # noqa: DJ008
            class Meta:
                app_label = "commentaires"


@isolate_apps("commentaires")
def test_un_publiable_qui_nomme_autrement_sa_requete_publique_echoue_bruyamment():
    class Page(Publiable, models.Model):  # noqa: DJ008
        class Meta:
            app_label = "commentaires"

    with pytest.raises(ImproperlyConfigured, match="publies"):
        publics(Page)


def test_une_transition_interdite_ne_change_rien_et_n_ecrit_rien(lieu, webmestre):
    commentaire = CommentaireFactory(objet=lieu, statut="rejete")

    with pytest.raises(TransitionInterdite, match="Impossible de masquer"):
        commentaire.masquer(par=webmestre)

    commentaire.refresh_from_db()
    assert commentaire.statut == "rejete"
    assert not Transition.objects.exists()


def test_le_journal_ne_se_modifie_ni_ne_se_supprime_meme_en_masse(lieu, webmestre):
    commentaire = CommentaireFactory(objet=lieu)
    commentaire.approuver(par=webmestre)
    ligne = Transition.objects.get()

    for ecriture in (
        ligne.save,
        ligne.delete,
        lambda: Transition.objects.update(motif="réécrit"),
        lambda: Transition.objects.all().delete(),
    ):
        with pytest.raises(PermissionDenied):
            ecriture()
    assert Transition.objects.get().motif == ""


def test_chaque_transition_fait_ses_suites_sans_second_chemin(lieu, webmestre):
    commentaire = CommentaireFactory(objet=lieu)

    commentaire.approuver(par=webmestre)

    assert Notification.objects.filter(sorte="commentaire_publie").count() == 1
    assert Commentaire.objects.get().publie_le is not None
