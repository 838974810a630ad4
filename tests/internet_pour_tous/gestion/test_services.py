"""Le cycle de vie d'un abonnement : chaque décision laisse une ligne d'historique,
tient les périodes d'activité et prévient le foyer une fois."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from brest_numerique.etats import TransitionInterdite
from brest_numerique.notifications.models import Notification
from internet_pour_tous.abonnements import services
from internet_pour_tous.models import Abonnement, Echeance, Secteur
from tests.internet_pour_tous.factories import AbonnementFactory, LogementFactory, SecteurFactory

pytestmark = pytest.mark.django_db


def demander(logement, **kwargs):
    return services.abonnement_demander(
        logement=logement,
        titulaire=kwargs.pop("titulaire", "Nolwenn Le Gall"),
        email=kwargs.pop("email", "nolwenn@exemple.fr"),
        telephone="06 00 00 00 00",
        accompagnement=["ateliers"],
        **kwargs,
    )


def periodes(abonnement):
    return list(abonnement.periodes.order_by("debut").values_list("debut", "fin"))


def test_une_demande_previent_le_foyer_et_les_gestionnaires(gestionnaire_ipt):
    abonnement = demander(LogementFactory())

    assert abonnement.statut == Abonnement.Statut.DEMANDE
    recue = Notification.objects.get(sorte="ipt_demande_recue")
    assert recue.destinataire == "nolwenn@exemple.fr"
    assert recue.cle == f"ipt_demande_recue:{abonnement.pk}"
    a_traiter = Notification.objects.get(sorte="ipt_demande_a_traiter")
    assert a_traiter.destinataire == gestionnaire_ipt.email
    assert f"/gestion/internet-pour-tous/abonnements/{abonnement.pk}/" in a_traiter.corps_texte


def test_sans_gestionnaire_la_demande_va_a_l_adresse_de_l_equipe(settings):
    settings.STAFF_EMAIL = "equipe@brest.exemple"
    demander(LogementFactory())

    assert Notification.objects.get(sorte="ipt_demande_a_traiter").destinataire == (
        "equipe@brest.exemple"
    )


def test_un_logement_n_a_qu_un_abonnement_en_cours():
    logement = LogementFactory()
    demander(logement)

    with pytest.raises(ValidationError, match="déjà un abonnement en cours"):
        demander(logement, email="autre@exemple.fr")
    assert Abonnement.objects.filter(logement=logement).count() == 1


def test_un_abonnement_resilie_libere_le_logement():
    ancien = AbonnementFactory(actif=True)
    services.abonnement_resilier(ancien, le=date.today(), motif="Déménagement")

    assert demander(ancien.logement).statut == Abonnement.Statut.DEMANDE


def test_la_contrainte_de_la_base_donne_la_meme_erreur(monkeypatch):
    logement = LogementFactory()
    demander(logement)
    # La vérification préalable manquée (une demande simultanée) : la base tranche.
    monkeypatch.setattr(
        Abonnement.objects, "filter", lambda *a, **k: Abonnement.objects.none(), raising=False
    )
    with pytest.raises(ValidationError, match="déjà un abonnement en cours"):
        demander(logement, email="autre@exemple.fr")


def test_pas_de_demande_dans_un_secteur_non_deploye():
    secteur = SecteurFactory(statut=Secteur.Statut.VOTE_PREVU, deploye_le=None)
    with pytest.raises(ValidationError, match="pas encore déployé"):
        demander(LogementFactory(residence__secteur=secteur))


def test_tout_le_cycle_ouvre_et_ferme_les_periodes(gestionnaire_ipt):
    abonnement = AbonnementFactory()

    services.abonnement_activer(abonnement, debut=date(2026, 1, 15), par=gestionnaire_ipt)
    services.abonnement_suspendre(
        abonnement, le=date(2026, 4, 1), motif="Trois mois impayés", par=gestionnaire_ipt
    )
    services.abonnement_reprendre(abonnement, le=date(2026, 5, 10), par=gestionnaire_ipt)
    services.abonnement_resilier(
        abonnement, le=date(2026, 9, 1), motif="Déménagement", par=gestionnaire_ipt
    )

    abonnement.refresh_from_db()
    assert abonnement.statut == Abonnement.Statut.RESILIE
    assert (abonnement.debut, abonnement.fin) == (date(2026, 1, 15), date(2026, 9, 1))
    assert periodes(abonnement) == [
        (date(2026, 1, 15), date(2026, 4, 1)),
        (date(2026, 5, 10), date(2026, 9, 1)),
    ]
    etapes = list(abonnement.historique.order_by("quand", "pk").values_list("de", "vers", "motif"))
    assert etapes == [
        ("demande", "actif", ""),
        ("actif", "suspendu", "Trois mois impayés"),
        ("suspendu", "actif", ""),
        ("actif", "resilie", "Déménagement"),
    ]
    assert abonnement.historique.filter(par=gestionnaire_ipt).count() == 4
    etats = Notification.objects.filter(sorte="ipt_abonnement_etat").order_by("pk")
    assert etats.count() == 4
    assert len(set(etats.values_list("cle", flat=True))) == 4
    assert "Trois mois impayés" in etats[1].corps_texte
    assert "01/09/2026" in etats[3].corps_texte


def test_resilier_un_abonnement_suspendu_ne_rouvre_rien():
    abonnement = AbonnementFactory(actif=True, debut=date(2026, 1, 1))
    services.abonnement_suspendre(abonnement, le=date(2026, 3, 1), motif="Impayés")
    services.abonnement_resilier(abonnement, le=date(2026, 4, 1), motif="Impayés")

    assert periodes(abonnement) == [(date(2026, 1, 1), date(2026, 3, 1))]


@pytest.mark.parametrize("action", ["refuser", "suspendre", "resilier"])
def test_le_motif_est_obligatoire(action):
    abonnement = AbonnementFactory(actif=action != "refuser", debut=date(2026, 1, 1))
    service = getattr(services, f"abonnement_{action}")
    arguments = {} if action == "refuser" else {"le": date(2026, 2, 1)}

    with pytest.raises(ValidationError) as erreur:
        service(abonnement, motif="   ", **arguments)

    assert "motif" in erreur.value.message_dict
    abonnement.refresh_from_db()
    assert abonnement.historique.count() == 0
    assert not Notification.objects.filter(sorte="ipt_abonnement_etat").exists()


def test_une_suspension_ne_precede_pas_le_debut_de_la_periode():
    abonnement = AbonnementFactory(actif=True, debut=date(2026, 3, 1))

    with pytest.raises(ValidationError, match="01/03/2026"):
        services.abonnement_suspendre(abonnement, le=date(2026, 3, 1), motif="Impayés")
    assert periodes(abonnement) == [(date(2026, 3, 1), None)]
    assert Abonnement.objects.get(pk=abonnement.pk).statut == Abonnement.Statut.ACTIF


def test_une_reprise_ne_precede_pas_la_suspension():
    abonnement = AbonnementFactory(actif=True, debut=date(2026, 1, 1))
    services.abonnement_suspendre(abonnement, le=date(2026, 3, 1), motif="Impayés")

    with pytest.raises(ValidationError, match="01/03/2026"):
        services.abonnement_reprendre(abonnement, le=date(2026, 2, 1))


def test_une_transition_interdite_ne_laisse_rien():
    abonnement = AbonnementFactory()

    with pytest.raises(TransitionInterdite):
        services.abonnement_reprendre(abonnement, le=date(2026, 2, 1))
    assert periodes(abonnement) == []
    assert not Notification.objects.filter(sorte="ipt_abonnement_etat").exists()


def test_refus_ferme_la_demande_et_previent_le_foyer():
    abonnement = AbonnementFactory()
    services.abonnement_refuser(abonnement, motif="Logement hors du secteur")

    abonnement.refresh_from_db()
    assert abonnement.statut == Abonnement.Statut.REFUSE
    notification = Notification.objects.get(sorte="ipt_abonnement_etat")
    assert notification.destinataire == abonnement.email
    assert "Logement hors du secteur" in notification.corps_texte


def test_une_suspension_ne_contredit_pas_un_mois_deja_facture():
    abonnement = AbonnementFactory(actif=True, debut=date(2026, 1, 10))
    Echeance.objects.create(abonnement=abonnement, mois=date(2026, 3, 1), montant="2.00")

    with pytest.raises(ValidationError, match="03/2026 est déjà facturé"):
        services.abonnement_suspendre(abonnement, le=date(2026, 3, 1), motif="Impayés")
    services.abonnement_suspendre(abonnement, le=date(2026, 3, 2), motif="Impayés")
    assert periodes(abonnement) == [(date(2026, 1, 10), date(2026, 3, 2))]
