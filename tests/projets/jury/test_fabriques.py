"""Les fabriques du jury bâtissent ce qu'elles promettent (d'autres suites s'y fient)."""

import pytest

from projets.jury.models import Evaluation, Note
from tests.projets.jury.factories import EvaluationFactory, NoteFactory, jury_avec_notes

pytestmark = pytest.mark.django_db


def test_jury_avec_notes_batit_les_evaluations_demandees():
    bati = jury_avec_notes(
        jures=3,
        dossiers=2,
        criteres=[("Intérêt", 3), ("Faisabilité", 1)],
        notes={(0, 0): [5, 1], (0, 1): "conflit", (0, 2): None, (1, 0): "a_noter"},
    )

    assert len(bati.evaluations) == 5
    assert bati.evaluations[(0, 1)].statut == Evaluation.Statut.CONFLIT
    assert bati.evaluations[(1, 0)].statut == Evaluation.Statut.A_NOTER
    assert sorted(bati.evaluations[(0, 0)].notes.values_list("valeur", flat=True)) == [1, 5]
    assert Note.objects.filter(evaluation__dossier__edition=bati.edition).count() == 2 + 2 * 2
    assert set(bati.jury.jures.all()) == set(bati.jures)


def test_une_evaluation_fabriquee_a_son_jure_au_jury():
    note = NoteFactory(valeur=4)

    evaluation = note.evaluation
    assert evaluation.jure in evaluation.dossier.edition.jury.jures.all()
    assert note.critere.edition_id == evaluation.dossier.edition_id
    assert EvaluationFactory().statut == Evaluation.Statut.A_NOTER
