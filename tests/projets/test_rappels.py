"""Rappels (brouillons J-7 et J-2, compléments attendus), résumé hebdomadaire des
instructeurs et durée de conservation : chaque envoi part une fois, au bon moment."""

from datetime import timedelta

import pytest
from django.utils import timezone

from brest_numerique.celery import app as celery_app
from brest_numerique.notifications.models import Notification
from projets import tasks as taches_projets
from projets.conservation import dossiers_purger
from projets.echanges.services import message_envoyer
from projets.models import Dossier, Structure
from projets.rappels import brouillons_rappeler, complements_rappeler, resume_hebdomadaire_envoyer
from tests.projets.factories import DossierFactory, EditionFactory, candidat, dossier_depose

pytestmark = pytest.mark.django_db


def _envois(sorte: str) -> list[str]:
    return list(Notification.objects.filter(sorte=sorte).values_list("cle", flat=True))


def test_un_brouillon_est_rappele_a_j_moins_7_puis_a_j_moins_2_une_fois_chacun():
    edition = EditionFactory()
    brouillon = DossierFactory(edition=edition)
    membre = candidat(brouillon.structure)
    dossier_depose(edition=edition)  # un dossier déposé n'est pas rappelé
    cloture = edition.cloture

    assert brouillons_rappeler(maintenant=cloture - timedelta(days=8)) == 0
    assert brouillons_rappeler(maintenant=cloture - timedelta(days=7)) == 1
    assert brouillons_rappeler(maintenant=cloture - timedelta(days=6)) == 0  # déjà parti
    assert brouillons_rappeler(maintenant=cloture - timedelta(days=2)) == 1
    assert brouillons_rappeler(maintenant=cloture - timedelta(hours=1)) == 0
    assert brouillons_rappeler(maintenant=cloture + timedelta(seconds=1)) == 0

    rappels = Notification.objects.filter(sorte="dossier_rappel_brouillon")
    assert list(rappels.values_list("destinataire", flat=True)) == [membre.email] * 2
    assert sorted(_envois("dossier_rappel_brouillon")) == [
        f"dossier_rappel_brouillon:{brouillon.pk}:J-2:{membre.pk}",
        f"dossier_rappel_brouillon:{brouillon.pk}:J-7:{membre.pk}",
    ]
    assert "Plus que 2 jours" in rappels.order_by("pk").last().sujet


def test_un_brouillon_ouvert_a_cinq_jours_de_la_cloture_recoit_le_rappel_j_moins_7():
    edition = EditionFactory()
    candidat(DossierFactory(edition=edition).structure)

    assert brouillons_rappeler(maintenant=edition.cloture - timedelta(days=5)) == 1
    assert "Plus que 7 jours" in Notification.objects.get(sorte="dossier_rappel_brouillon").sujet


def test_les_complements_attendus_sont_rappeles_une_fois_avant_l_echeance(instructeur):
    dossier = dossier_depose()
    dossier.edition.instructeurs.add(instructeur)
    dossier.ouvrir_instruction(par=instructeur)
    echeance = timezone.now() + timedelta(days=10)
    dossier.demander_complements(par=instructeur, texte="Le devis.", echeance=echeance)

    assert complements_rappeler(maintenant=echeance - timedelta(days=5)) == 0
    assert complements_rappeler(maintenant=echeance - timedelta(days=2)) == 1
    assert complements_rappeler(maintenant=echeance - timedelta(days=1)) == 0
    dossier.completer(par=dossier.structure.membres.get().user)
    Notification.objects.filter(sorte="dossier_rappel_complements").delete()
    assert complements_rappeler(maintenant=echeance - timedelta(days=1)) == 0


def test_le_resume_hebdomadaire_va_aux_instructeurs_qui_ont_du_nouveau(
    instructeur, django_user_model
):
    edition = EditionFactory()
    edition.instructeurs.add(instructeur)
    EditionFactory().instructeurs.add(instructeur)  # une autre édition, sans rien de neuf
    for _ in range(2):
        dossier_depose(edition=edition)

    assert resume_hebdomadaire_envoyer() == 1
    assert resume_hebdomadaire_envoyer() == 0  # même semaine : déjà parti
    resume = Notification.objects.get(sorte="instruction_resume_hebdo")
    assert resume.destinataire == instructeur.email
    assert "2 dossiers déposés" in resume.corps_texte
    assert edition.titre in resume.corps_texte


def test_le_resume_compte_les_messages_non_lus_meme_sans_nouveau_dossier(instructeur):
    dossier = dossier_depose()
    dossier.edition.instructeurs.add(instructeur)
    semaine_prochaine = timezone.now() + timedelta(days=8)
    message_envoyer(
        dossier=dossier,
        par=dossier.structure.membres.get().user,
        texte="Le devis arrive demain.",
        fichiers=[],
        cote="candidat",
    )

    assert resume_hebdomadaire_envoyer(maintenant=semaine_prochaine) == 1
    resume = Notification.objects.get(sorte="instruction_resume_hebdo")
    assert "1 message des structures attend votre lecture." in resume.corps_texte
    assert "dossier déposé" not in resume.corps_texte


def test_personne_ne_recoit_de_resume_vide(instructeur):
    EditionFactory().instructeurs.add(instructeur)

    assert resume_hebdomadaire_envoyer() == 0


def test_les_dossiers_non_retenus_partent_apres_le_delai_de_conservation(settings):
    settings.PROJETS_CONSERVATION_ANNEES = 5
    ancienne = EditionFactory(annee=2019)
    recente = EditionFactory(annee=2021)
    perime = dossier_depose(edition=ancienne)
    structure_seule = DossierFactory(edition=ancienne).structure  # brouillon, aucun membre
    garde = dossier_depose(edition=recente)

    assert dossiers_purger(annee_courante=2026) == 2

    assert list(Dossier.objects.all()) == [garde]
    assert not Structure.objects.filter(pk=structure_seule.pk).exists()
    # La structure du dossier supprimé garde ses membres : elle reste.
    assert Structure.objects.filter(pk=perime.structure_id).exists()


def test_les_taches_sont_au_calendrier_de_beat():
    taches = {entree["task"] for entree in celery_app.conf.beat_schedule.values()}
    for tache in ("projets.rappeler", "projets.resume_hebdomadaire", "projets.purger"):
        assert tache in taches
        assert tache in celery_app.tasks
    assert taches_projets.rappeler.name == "projets.rappeler"
