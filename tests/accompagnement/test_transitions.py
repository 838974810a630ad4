"""Le suivi d'une demande : nouveau → en cours → répondu → clos, une méthode par
transition, une ligne d'historique par changement, un refus clair sinon."""

import pytest
from django.core.exceptions import PermissionDenied

from brest_numerique.etats import TransitionInterdite
from programmes.accompagnement.models import DemandeAccompagnement, HistoriqueDemande
from tests.accompagnement.outils import demande as nouvelle_demande

pytestmark = pytest.mark.django_db

Statut = DemandeAccompagnement.Statut


def test_prendre_en_charge_passe_la_demande_en_cours_et_nomme_qui_la_suit(webmestre):
    demande = nouvelle_demande()

    demande.prendre_en_charge(par=webmestre)

    demande.refresh_from_db()
    assert demande.statut == Statut.EN_COURS
    assert demande.traitee_par == webmestre
    ligne = demande.historique.get()
    assert (ligne.de, ligne.vers, ligne.par) == (Statut.NOUVEAU, Statut.EN_COURS, webmestre)


def test_repondre_puis_clore_garde_la_note_et_tout_l_historique(webmestre, administrateur):
    demande = nouvelle_demande()
    demande.prendre_en_charge(par=webmestre)

    demande.repondre(par=webmestre, note="Rendez-vous fixé le 12 à la cantine.")
    demande.clore(par=administrateur, note="")

    demande.refresh_from_db()
    assert demande.statut == Statut.CLOS
    # Une note laissée vide garde la précédente ; le suivi reste à qui l'a pris.
    assert demande.note == "Rendez-vous fixé le 12 à la cantine."
    assert demande.traitee_par == webmestre
    lignes = list(demande.historique.order_by("quand", "pk").values_list("de", "vers", "motif"))
    assert lignes == [
        (Statut.NOUVEAU, Statut.EN_COURS, ""),
        (Statut.EN_COURS, Statut.REPONDU, "Rendez-vous fixé le 12 à la cantine."),
        (Statut.REPONDU, Statut.CLOS, ""),
    ]


@pytest.mark.parametrize("depuis", [Statut.NOUVEAU, Statut.EN_COURS, Statut.REPONDU])
def test_une_demande_se_clot_depuis_tout_etat_ouvert_ou_repondu(webmestre, depuis):
    demande = nouvelle_demande(statut=depuis)

    demande.clore(par=webmestre, note="Doublon de la demande n° 12.")

    demande.refresh_from_db()
    assert demande.statut == Statut.CLOS
    assert demande.note == "Doublon de la demande n° 12."
    assert demande.traitee_par == webmestre


@pytest.mark.parametrize(
    ("statut", "action", "message"),
    [
        (Statut.EN_COURS, "prendre_en_charge", "Impossible de prendre en charge"),
        (Statut.REPONDU, "prendre_en_charge", "Impossible de prendre en charge"),
        (Statut.NOUVEAU, "repondre", "Impossible de marquer comme répondue"),
        (Statut.CLOS, "repondre", "Impossible de marquer comme répondue"),
        (Statut.CLOS, "clore", "Impossible de clore"),
    ],
)
def test_une_transition_interdite_est_refusee_en_francais_et_ne_change_rien(
    webmestre, statut, action, message
):
    demande = nouvelle_demande(statut=statut, note="Avant")
    arguments = {} if action == "prendre_en_charge" else {"note": "Après"}

    with pytest.raises(TransitionInterdite, match=message):
        getattr(demande, action)(par=webmestre, **arguments)

    demande.refresh_from_db()
    assert (demande.statut, demande.note, demande.traitee_par) == (statut, "Avant", None)
    assert not HistoriqueDemande.objects.exists()


def test_deux_prises_en_charge_sur_une_copie_perimee_ne_font_qu_une_transition(
    webmestre, administrateur
):
    demande = nouvelle_demande()
    copie = DemandeAccompagnement.objects.get(pk=demande.pk)
    demande.prendre_en_charge(par=webmestre)

    # La copie croit encore la demande nouvelle : la ligne verrouillée dit non.
    with pytest.raises(TransitionInterdite):
        copie.prendre_en_charge(par=administrateur)

    demande.refresh_from_db()
    assert demande.traitee_par == webmestre
    assert demande.historique.count() == 1


def test_l_historique_ne_se_modifie_ni_ne_se_supprime(webmestre):
    demande = nouvelle_demande()
    demande.prendre_en_charge(par=webmestre)
    ligne = demande.historique.get()

    ligne.motif = "réécrit"
    with pytest.raises(PermissionDenied):
        ligne.save()
    with pytest.raises(PermissionDenied):
        HistoriqueDemande.objects.all().delete()
