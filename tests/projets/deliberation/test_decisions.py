"""Les règles des décisions, le vote du conseil et la publication des résultats :
motivation, montant, enveloppe confirmée ; la structure n'apprend la décision
qu'au vote (retenus) ou à la publication (les autres), une seule fois."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from brest_numerique.notifications.models import Notification
from projets.deliberation import services
from projets.deliberation.models import Decision
from projets.deliberation.services import DepassementEnveloppe
from projets.laureats.models import Laureat
from projets.models import Statut
from tests.projets.deliberation.outils import en_jury
from tests.projets.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return EditionFactory(enveloppe=Decimal("2000"))


def decisions_envoyees(dossier=None):
    envois = Notification.objects.filter(sorte="projets_decision")
    return envois.filter(cle__startswith=f"projets_decision:{dossier.pk}:") if dossier else envois


def retenir(dossier, instructeur, montant="1000", **plus):
    return services.decider(
        dossier,
        sens="retenu",
        montant_accorde=Decimal(montant),
        forme_aide="subvention",
        par=instructeur,
        **plus,
    )


def test_retenir_fait_la_transition_avec_historique_sans_rien_ecrire_a_la_structure(
    edition, instructeur
):
    dossier = en_jury(edition)

    decision = retenir(dossier, instructeur)

    dossier.refresh_from_db()
    assert dossier.statut == Statut.RETENU
    assert decision.montant_accorde == Decimal("1000") and decision.decidee_par == instructeur
    etape = dossier.historique.order_by("-pk").first()
    assert (etape.de, etape.vers, etape.par) == (Statut.EN_JURY, Statut.RETENU, instructeur)
    assert not decisions_envoyees().exists()
    assert not Notification.objects.filter(sorte="dossier_etat", cle__contains=str(etape.pk))


def test_un_non_retenu_sans_motivation_est_refuse(edition, instructeur):
    dossier = en_jury(edition)

    with pytest.raises(ValidationError) as erreur:
        services.decider(dossier, sens="non_retenu", motivation="   ", par=instructeur)

    assert "motivation" in erreur.value.message_dict
    dossier.refresh_from_db()
    assert dossier.statut == Statut.EN_JURY and not Decision.objects.exists()


def test_un_montant_au_dela_du_montant_demande_est_refuse(edition, instructeur):
    dossier = en_jury(edition, montant="1500")

    with pytest.raises(ValidationError) as erreur:
        retenir(dossier, instructeur, montant="1500.01")

    assert "dépasse le montant demandé" in erreur.value.message_dict["montant_accorde"][0]


def test_depasser_l_enveloppe_demande_une_confirmation_qui_est_enregistree(edition, instructeur):
    premier, second = en_jury(edition), en_jury(edition)
    retenir(premier, instructeur, montant="1500")

    with pytest.raises(DepassementEnveloppe) as erreur:
        retenir(second, instructeur, montant="1000")
    message = erreur.value.messages[0].replace("\u00a0", " ")
    assert "2 500,00 €" in message and "2 000,00 €" in message and "500,00 €)" in message
    second.refresh_from_db()
    assert second.statut == Statut.EN_JURY

    decision = retenir(second, instructeur, montant="1000", confirmer_depassement=True)

    assert decision.depassement_confirme is True
    assert Decision.objects.get(dossier=premier).depassement_confirme is False
    assert services.total_accorde(edition) == Decimal("2500")


def test_reviser_une_decision_change_le_sens_et_remet_le_montant_a_zero(edition, instructeur):
    dossier = en_jury(edition)
    retenir(dossier, instructeur)

    decision = services.decider(dossier, sens="liste_attente", par=instructeur)

    assert decision.montant_accorde == 0 and decision.forme_aide == ""
    assert Decision.objects.count() == 1
    assert list(dossier.historique.order_by("pk").values_list("vers", flat=True))[-2:] == [
        Statut.RETENU,
        Statut.LISTE_ATTENTE,
    ]


def test_le_vote_du_conseil_notifie_chaque_retenu_une_fois_et_prepare_sa_fiche(
    edition, instructeur, mailoutbox, django_capture_on_commit_callbacks
):
    votes = [en_jury(edition), en_jury(edition)]
    for dossier in votes:
        retenir(dossier, instructeur, montant="800")

    with django_capture_on_commit_callbacks(execute=True):
        deliberation = services.deliberation_enregistrer(
            edition,
            numero="DEL-2026-117",
            date_conseil=date(2026, 6, 25),
            dossiers=votes,
            par=instructeur,
        )

    for dossier in votes:
        dossier.refresh_from_db()
        assert dossier.statut == Statut.VOTE
        assert dossier.decision.deliberation == deliberation
        assert dossier.decision.notifiee_le is not None
        assert decisions_envoyees(dossier).count() == 1
    assert Laureat.objects.filter(dossier__in=votes).count() == 2
    corps = mailoutbox[0].body
    assert "800,00\u00a0€" in corps and "DEL-2026-117" in corps and "25 juin 2026" in corps
    assert "subvention" in corps

    # Rien ne part deux fois : un second vote des mêmes dossiers est refusé.
    with pytest.raises(ValidationError):
        services.deliberation_enregistrer(
            edition,
            numero="DEL-2026-118",
            date_conseil=date(2026, 6, 26),
            dossiers=votes,
            par=instructeur,
        )
    assert decisions_envoyees().count() == 2


def test_un_dossier_non_retenu_ne_se_vote_pas(edition, instructeur):
    dossier = en_jury(edition)
    services.decider(dossier, sens="non_retenu", motivation="Hors sujet.", par=instructeur)

    with pytest.raises(ValidationError) as erreur:
        services.deliberation_enregistrer(
            edition,
            numero="DEL-1",
            date_conseil=date(2026, 6, 25),
            dossiers=[dossier],
            par=instructeur,
        )

    assert "dossiers" in erreur.value.message_dict


def test_publier_est_refuse_tant_qu_un_dossier_attend_sa_decision_ou_son_vote(edition, instructeur):
    attend, retenu = en_jury(edition), en_jury(edition)
    retenir(retenu, instructeur)

    with pytest.raises(ValidationError) as erreur:
        services.resultats_publier(edition, par=instructeur)

    assert len(erreur.value.messages) == 2
    edition.refresh_from_db()
    assert edition.resultats_publies_le is None
    assert attend.statut == Statut.EN_JURY


def test_publier_notifie_non_retenus_et_liste_d_attente_une_fois_avec_la_motivation(
    edition, instructeur, mailoutbox, django_capture_on_commit_callbacks
):
    refuse, attente = en_jury(edition), en_jury(edition)
    services.decider(
        refuse, sens="non_retenu", motivation="Le projet sort de la métropole.", par=instructeur
    )
    services.decider(attente, sens="liste_attente", par=instructeur)
    assert not decisions_envoyees().exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.resultats_publier(edition, par=instructeur) == 2

    edition.refresh_from_db()
    assert edition.resultats_publies_le is not None
    assert decisions_envoyees(refuse).count() == 1 and decisions_envoyees(attente).count() == 1
    corps = {m.subject: m.body for m in mailoutbox}
    (refus,) = [b for s, b in corps.items() if "n'est pas retenu" in s]
    assert "Le projet sort de la métropole." in refus
    (attendu,) = [b for s, b in corps.items() if "liste d'attente" in s]
    assert "enveloppe" in attendu

    with pytest.raises(ValidationError):
        services.resultats_publier(edition, par=instructeur)
    assert decisions_envoyees().count() == 2


def test_notifier_une_seconde_fois_la_meme_decision_n_envoie_rien(edition, instructeur):
    dossier = en_jury(edition)
    decision = retenir(dossier, instructeur, montant="700")
    services.deliberation_enregistrer(
        edition,
        numero="DEL-7",
        date_conseil=date(2026, 6, 25),
        dossiers=[dossier],
        par=instructeur,
    )
    cles = set(decisions_envoyees(dossier).values_list("cle", flat=True))
    assert len(cles) == 1

    decision.refresh_from_db()
    services._notifier([decision], decision.notifiee_le)

    assert set(decisions_envoyees(dossier).values_list("cle", flat=True)) == cles


def test_apres_la_publication_une_decision_revisee_est_notifiee_tout_de_suite(edition, instructeur):
    attente, appele = en_jury(edition), en_jury(edition)
    for dossier in (attente, appele):
        services.decider(dossier, sens="liste_attente", par=instructeur)
    services.resultats_publier(edition, par=instructeur)
    assert decisions_envoyees(attente).count() == 1

    services.decider(
        attente, sens="non_retenu", motivation="L'enveloppe est épuisée.", par=instructeur
    )
    # Un retenu, lui, attend le vote du conseil pour être annoncé.
    retenir(appele, instructeur, montant="500")

    assert decisions_envoyees(attente).filter(cle__contains=":non_retenu:").count() == 1
    assert Decision.objects.get(dossier=attente).notifiee_le is not None
    assert not decisions_envoyees(appele).filter(cle__contains=":retenu:").exists()
