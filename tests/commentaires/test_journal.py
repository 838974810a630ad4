"""Le journal de modération : une ligne par transition (qui, quand, pourquoi),
que personne ne modifie ni ne supprime, pas même un superutilisateur."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from brest_numerique.etats import TransitionInterdite
from commentaires.admin import TransitionAdmin, TransitionEnLigne
from commentaires.models import Commentaire, Transition
from tests.commentaires.factories import CommentaireFactory

pytestmark = pytest.mark.django_db

INSTANT = datetime(2026, 11, 3, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.mark.parametrize(
    ("depuis", "action", "arguments", "vers"),
    [
        ("en_attente_confirmation", "confirmer", {}, "en_attente"),
        ("en_attente", "approuver", {"par": True}, "publie"),
        ("en_attente", "rejeter", {"par": True, "motif": "Propos injurieux"}, "rejete"),
        ("en_attente", "marquer_spam", {"par": True, "motif": "Publicité"}, "spam"),
        ("publie", "masquer", {"par": True, "motif": "Hors sujet"}, "masque"),
        ("masque", "approuver", {"par": True}, "publie"),
        ("spam", "approuver", {"par": True}, "publie"),
        ("publie", "rejeter", {"par": True}, "rejete"),
    ],
)
def test_chaque_transition_ecrit_qui_quand_et_pourquoi(
    lieu, webmestre, depuis, action, arguments, vers
):
    commentaire = CommentaireFactory(objet=lieu, statut=depuis)
    if arguments.get("par"):
        arguments = {**arguments, "par": webmestre}

    with time_machine.travel(INSTANT, tick=False):
        getattr(commentaire, action)(**arguments)

    commentaire.refresh_from_db()
    assert commentaire.statut == vers
    transition = Transition.objects.get()
    assert transition.commentaire == commentaire
    assert (transition.de, transition.vers) == (depuis, vers)
    assert transition.par == arguments.get("par")
    assert transition.motif == arguments.get("motif", "")
    assert transition.quand == INSTANT


def test_la_premiere_publication_date_le_commentaire_et_pas_les_suivantes(lieu, webmestre):
    commentaire = CommentaireFactory(objet=lieu)
    with time_machine.travel(INSTANT, tick=False):
        commentaire.approuver(par=webmestre)
    commentaire.masquer()

    commentaire.approuver(par=webmestre)

    commentaire.refresh_from_db()
    assert commentaire.publie_le == INSTANT
    assert list(commentaire.transitions.values_list("vers", flat=True)) == [
        "publie",
        "masque",
        "publie",
    ]


@pytest.mark.parametrize(
    ("statut", "action"),
    [
        ("en_attente_confirmation", "approuver"),
        ("en_attente_confirmation", "rejeter"),
        ("en_attente", "masquer"),
        ("en_attente", "confirmer"),
        ("publie", "approuver"),
        ("rejete", "masquer"),
        ("spam", "rejeter"),
        ("spam", "marquer_spam"),
    ],
)
def test_une_transition_interdite_est_refusee_sans_trace_ni_changement(
    lieu, webmestre, statut, action
):
    commentaire = CommentaireFactory(objet=lieu, statut=statut)
    arguments = {} if action == "confirmer" else {"par": webmestre}

    with pytest.raises(TransitionInterdite):
        getattr(commentaire, action)(**arguments)

    commentaire.refresh_from_db()
    assert commentaire.statut == statut
    assert not Transition.objects.exists()


def test_la_transition_part_du_statut_en_base_pas_de_l_objet_en_memoire(lieu, webmestre):
    # Deux modérateurs ont la même page ouverte : le second voit l'état réel.
    commentaire = CommentaireFactory(objet=lieu)
    copie = Commentaire.objects.get(pk=commentaire.pk)
    commentaire.approuver(par=webmestre)

    copie.marquer_spam(par=webmestre)

    assert list(Transition.objects.order_by("pk").values_list("de", "vers")) == [
        ("en_attente", "publie"),
        ("publie", "spam"),
    ]


@pytest.fixture
def transition(lieu, webmestre):
    commentaire = CommentaireFactory(objet=lieu)
    commentaire.rejeter(par=webmestre, motif="Motif d'origine")
    return Transition.objects.get()


def test_une_ligne_du_journal_ne_se_modifie_pas(transition):
    transition.motif = "Motif réécrit"

    with pytest.raises(PermissionDenied):
        transition.save()

    transition.refresh_from_db()
    assert transition.motif == "Motif d'origine"


def test_une_ligne_du_journal_ne_se_supprime_pas(transition):
    with pytest.raises(PermissionDenied):
        transition.delete()

    assert Transition.objects.filter(pk=transition.pk).exists()


def test_le_journal_ne_se_modifie_ni_ne_se_supprime_en_masse(transition):
    with pytest.raises(PermissionDenied):
        Transition.objects.filter(pk=transition.pk).update(motif="Réécrit en masse")
    with pytest.raises(PermissionDenied):
        Transition.objects.all().delete()

    transition.refresh_from_db()
    assert transition.motif == "Motif d'origine"


def test_l_administration_ne_donne_aucun_droit_d_ecriture_sur_le_journal(
    client, administrateur, transition
):
    requete = RequestFactory().get("/")
    requete.user = administrateur
    admin = TransitionAdmin(Transition, site)
    assert admin.has_view_permission(requete, transition)
    assert not admin.has_add_permission(requete)
    assert not admin.has_change_permission(requete, transition)
    assert not admin.has_delete_permission(requete, transition)
    en_ligne = TransitionEnLigne(Commentaire, site)
    assert not en_ligne.has_add_permission(requete, transition.commentaire)
    assert not en_ligne.has_change_permission(requete, transition.commentaire)
    assert not en_ligne.can_delete

    client.force_login(administrateur)
    base = f"/admin/commentaires/transition/{transition.pk}"
    consultation = client.get(f"{base}/change/")
    assert consultation.status_code == 200
    assert "Motif d&#x27;origine" in consultation.content.decode()
    assert 'name="_save"' not in consultation.content.decode()
    assert client.post(f"{base}/change/", {"motif": "Réécrit"}).status_code == 403
    assert client.get(f"{base}/delete/").status_code == 403
    assert client.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    suppression_groupee = client.post(
        "/admin/commentaires/transition/",
        {"action": "delete_selected", "_selected_action": [transition.pk]},
    )
    assert suppression_groupee.status_code in (200, 302)
    transition.refresh_from_db()
    assert transition.motif == "Motif d'origine"


def test_les_actions_de_l_administration_sont_tracees_au_nom_de_l_administrateur(
    client, administrateur, lieu
):
    commentaires = CommentaireFactory.create_batch(2, objet=lieu)
    client.force_login(administrateur)

    client.post(
        "/admin/commentaires/commentaire/",
        {"action": "rejeter", "_selected_action": [c.pk for c in commentaires]},
    )

    assert Transition.objects.filter(vers="rejete", par=administrateur).count() == 2


def test_supprimer_le_compte_d_un_moderateur_garde_ses_lignes_du_journal(transition, webmestre):
    webmestre.delete()

    transition.refresh_from_db()
    assert transition.par is None
    assert transition.motif == "Motif d'origine"
