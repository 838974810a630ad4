"""Les données d'exemple de l'appel à projets : trois éditions dont une ouverte, 30
structures, environ 150 dossiers dans chaque état, tous étiquetés, sans courriel ;
l'édition passée la plus récente décidée par le jury jusqu'aux lauréats publiés."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from brest_numerique.comptes.roles import Role
from brest_numerique.notifications.models import Notification
from projets.deliberation.models import Decision, DeliberationConseil
from projets.jury.models import Evaluation, HistoriqueEvaluation, Jury, Note
from projets.laureats.models import Laureat
from projets.models import AppelAProjets, Dossier, Phase, Structure
from projets.publics import appel_ouvert

S = Dossier.Statut

pytestmark = pytest.mark.django_db


def test_la_demonstration_couvre_chaque_etat_et_reste_idempotente(settings):
    settings.DEMONSTRATION = True
    call_command("demo", stdout=io.StringIO())
    avant = [m.objects.count() for m in (Dossier, Evaluation, Note, Decision, Laureat, Jury)]
    call_command("demo", stdout=io.StringIO())

    assert [
        m.objects.count() for m in (Dossier, Evaluation, Note, Decision, Laureat, Jury)
    ] == avant
    assert 140 <= avant[0] <= 160
    editions = list(AppelAProjets.objects.order_by("annee"))
    assert [e.phase() for e in editions] == [
        Phase.RESULTATS_PUBLIES,
        Phase.RESULTATS_PUBLIES,
        Phase.OUVERT,
    ]
    assert all("(exemple)" in e.titre for e in editions)
    assert Structure.objects.count() == 30
    assert not Structure.objects.exclude(nom__endswith="(exemple)").exists()
    etats = set(Dossier.objects.values_list("statut", flat=True))
    # En jury et retenu non voté : des états de passage, entre la notation et le vote
    # du conseil, où aucune édition d'exemple ne se trouve.
    assert etats == set(Dossier.Statut.values) - {S.EN_JURY, S.RETENU}
    # Numéros uniques et suivis par édition, comme au dépôt.
    for edition in editions:
        rangs = list(
            edition.dossiers.exclude(rang=None).order_by("rang").values_list("rang", flat=True)
        )
        assert rangs == list(range(1, len(rangs) + 1)) == list(range(1, edition.dernier_rang + 1))
    # Chaque dossier déposé a un budget équilibré et un historique qui finit dans son état.
    for dossier in Dossier.objects.exclude(statut="brouillon").annotate(n=Count("historique")):
        assert dossier.erreurs_de_depot() == [], dossier
        assert dossier.historique.order_by("-pk").first().vers == dossier.statut
    assert not Notification.objects.exists()
    verifier_l_edition_decidee(editions[1])
    ouverte = Jury.objects.get(edition=editions[2])
    assert ouverte.jures.count() == 7 and ouverte.notation_debut > editions[2].cloture.date()
    assert not Evaluation.objects.filter(dossier__edition=editions[2]).exists()


def score(evaluation) -> float:
    notes = list(evaluation.notes.all())
    return sum(n.valeur * n.critere.poids for n in notes) / sum(n.critere.poids for n in notes)


def verifier_l_edition_decidee(edition):
    jury = Jury.objects.get(edition=edition)
    jures = list(jury.jures.all())
    assert len(jures) == 7
    assert all(j.groups.filter(name=Role.JURY).exists() for j in jures)
    assert all(j.emailaddress_set.filter(verified=True).exists() for j in jures)
    assert all(j.email.endswith("@exemple.fr") for j in jures)
    assert edition.resultats_publies_le is not None

    decisions = list(
        Decision.objects.filter(dossier__edition=edition).select_related("dossier", "deliberation")
    )
    sens = {d.dossier_id: d.sens for d in decisions}
    assert list(Decision.Sens) == sorted(set(sens.values()), key=list(Decision.Sens).index)
    retenus = [d for d in decisions if d.sens == "retenu"]
    assert len(retenus) == 40
    assert sum(1 for d in decisions if d.sens == "liste_attente") == 3
    assert sum(d.montant_accorde for d in retenus) <= edition.enveloppe
    assert all(0 < d.montant_accorde <= d.dossier.montant_demande for d in retenus)
    assert all(d.dossier.statut == S.VOTE and d.deliberation for d in retenus)
    assert all(d.dossier.statut == d.sens and d.motivation for d in decisions if d not in retenus)
    assert all(d.notifiee_le for d in decisions)
    conseils = DeliberationConseil.objects.filter(edition=edition).annotate(n=Count("decisions"))
    assert [c.numero.startswith("DEL-") and c.n > 0 for c in conseils] == [True, True]

    # 3 à 5 évaluations soumises par dossier, toutes notées sur chaque critère ;
    # les conflits motivés, sans note, d'un juré qui ne note pas le dossier.
    criteres = edition.criteres.count()
    evaluations = Evaluation.objects.filter(dossier__edition=edition).prefetch_related(
        "notes__critere"
    )
    par_dossier = {}
    for e in evaluations:
        par_dossier.setdefault(e.dossier_id, []).append(e)
        assert list(e.historique.values_list("vers", flat=True)) == [e.statut]
        if e.statut == Evaluation.Statut.SOUMISE:
            assert len(e.notes.all()) == criteres and e.avis and e.soumise_le
    assert set(par_dossier) == set(sens)
    conflits = [e for e in evaluations if e.statut == Evaluation.Statut.CONFLIT]
    assert 3 <= len(conflits) <= 4
    assert all(e.conflit_motif and not e.notes.all() for e in conflits)
    moyennes = {}
    for dossier, liste in par_dossier.items():
        soumises = [e for e in liste if e.statut == Evaluation.Statut.SOUMISE]
        assert 3 <= len(soumises) <= 5
        assert len({e.jure_id for e in liste}) == len(liste)
        moyennes[dossier] = sum(score(e) for e in soumises) / len(soumises)
    # Le classement du jury reproduit les décisions.
    plus_bas = {s: min(m for d, m in moyennes.items() if sens[d] == s) for s in Decision.Sens}
    plus_haut = {s: max(m for d, m in moyennes.items() if sens[d] == s) for s in Decision.Sens}
    assert plus_bas["retenu"] > plus_haut["liste_attente"]
    assert plus_bas["liste_attente"] > plus_haut["non_retenu"]

    laureats = list(Laureat.objects.publies().filter(dossier__edition=edition))
    assert len(laureats) == 40
    resumes = [laureat.resume_public for laureat in laureats]
    assert len(set(resumes)) == 40 and all("exemple" in r for r in resumes)
    assert {laureat.dossier_id for laureat in laureats} == {d.dossier_id for d in retenus}
    assert HistoriqueEvaluation.objects.filter(evaluation__dossier__edition=edition).count() == len(
        evaluations
    )


def test_la_citoyenne_d_exemple_a_des_dossiers_et_l_appel_ouvert_se_voit(settings):
    settings.DEMONSTRATION = True
    call_command("demo", stdout=io.StringIO())

    assert Dossier.objects.filter(structure__membres__user__email="citoyen@exemple.fr").exists()
    ouvert = appel_ouvert()
    assert ouvert is not None and "(exemple)" in ouvert.titre
