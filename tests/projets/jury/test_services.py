"""Les services du jury : composer, confier, noter, soumettre, déclarer un conflit,
rappeler les retardataires (un seul courriel par juré et par jour)."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from brest_numerique.etats import TransitionInterdite
from brest_numerique.notifications.models import Notification
from projets.jury import services, tasks
from projets.jury.models import Evaluation, HistoriqueEvaluation, Note
from projets.models import Dossier, HistoriqueDossier, Theme
from tests.factories import UserFactory
from tests.projets.factories import EditionFactory
from tests.projets.jury.factories import (
    EvaluationFactory,
    JuryFactory,
    dossier_en_jury,
    jure_factory,
    jury_avec_notes,
)

pytestmark = pytest.mark.django_db


def _criteres(evaluation):
    return list(evaluation.dossier.edition.criteres.order_by("ordre", "pk"))


def _tout_noter(evaluation, valeurs=(4, 2), avis="favorable"):
    criteres = _criteres(evaluation)
    services.evaluation_noter(
        evaluation,
        notes={c.pk: (v, f"Sur {c.libelle}") for c, v in zip(criteres, valeurs, strict=True)},
        avis=avis,
        commentaire="Un projet solide.",
        par=evaluation.jure,
    )


# --- Composer et confier ----------------------------------------------------------------


def test_composer_le_jury_refuse_un_compte_hors_du_groupe_et_une_periode_a_l_envers():
    edition = EditionFactory()
    jure, citoyen = jure_factory(), UserFactory()
    aujourd_hui = timezone.localdate()

    with pytest.raises(ValidationError) as erreur:
        services.jury_composer(
            edition,
            jures=[jure, citoyen],
            debut=aujourd_hui,
            fin=aujourd_hui - timedelta(days=1),
            par=None,
        )

    assert set(erreur.value.message_dict) == {"jures", "fin"}
    assert "groupe Jury" in erreur.value.message_dict["jures"][0]
    jury = services.jury_composer(
        edition, jures=[jure], debut=aujourd_hui, fin=aujourd_hui, par=None
    )
    assert list(jury.jures.all()) == [jure]


def test_confier_cree_les_evaluations_manquantes_en_lot_et_previent_chaque_jure_une_fois(
    django_assert_max_num_queries,
):
    edition = EditionFactory()
    jures = [jure_factory() for _ in range(3)]
    JuryFactory(edition=edition, jures=jures)
    prets = [
        dossier_en_jury(edition, rang=i, statut=Dossier.Statut.PRET_POUR_JURY) for i in range(1, 4)
    ]
    en_jury = dossier_en_jury(edition, rang=4)
    dossier_en_jury(edition, rang=5, statut=Dossier.Statut.EN_INSTRUCTION)  # pas prêt
    Evaluation.objects.create(dossier=en_jury, jure=jures[0])  # déjà confié

    nombre = services.dossiers_confier(edition, jures=jures, par=jures[0])

    assert nombre == 4 * 3 - 1
    assert Dossier.objects.filter(pk__in=[d.pk for d in prets], statut="en_jury").count() == 3
    assert HistoriqueDossier.objects.filter(dossier__in=prets, vers="en_jury").count() == 3
    avis = Notification.objects.filter(sorte="jury_dossiers_confies")
    assert sorted(avis.values_list("utilisateur_id", flat=True)) == sorted(j.pk for j in jures)
    # Rien de nouveau : ni évaluation ni courriel.
    assert services.dossiers_confier(edition, jures=jures, par=jures[0]) == 0
    assert avis.count() == 3


def test_confier_par_theme_ne_confie_que_les_dossiers_du_theme():
    edition = EditionFactory()
    jure = jure_factory()
    JuryFactory(edition=edition, jures=[jure])
    theme = Theme.objects.create(libelle="Inclusion", slug="inclusion")
    du_theme = dossier_en_jury(edition, rang=1)
    du_theme.themes.add(theme)
    dossier_en_jury(edition, rang=2)

    assert services.dossiers_confier(edition, jures=[jure], theme=theme, par=None) == 1
    assert list(Evaluation.objects.values_list("dossier_id", flat=True)) == [du_theme.pk]


def test_confier_a_qui_n_est_pas_du_jury_est_refuse():
    edition = EditionFactory()
    JuryFactory(edition=edition, jures=[jure_factory()])
    dossier_en_jury(edition, rang=1)

    with pytest.raises(ValidationError, match="jurés de cette édition"):
        services.dossiers_confier(edition, jures=[jure_factory()], par=None)
    assert not Evaluation.objects.exists()


# --- Noter, soumettre -------------------------------------------------------------------


def test_noter_puis_modifier_puis_soumettre_fige_les_notes_avec_une_ligne_d_historique():
    evaluation = EvaluationFactory()
    critere_1, critere_2 = _criteres(evaluation)
    _tout_noter(evaluation, (1, 1))
    _tout_noter(evaluation, (4, 2))  # modifiable tant que non soumise

    services.evaluation_soumettre(evaluation, par=evaluation.jure)

    evaluation.refresh_from_db()
    assert evaluation.statut == Evaluation.Statut.SOUMISE
    assert evaluation.soumise_le is not None
    assert dict(evaluation.notes.values_list("critere_id", "valeur")) == {
        critere_1.pk: 4,
        critere_2.pk: 2,
    }
    etape = HistoriqueEvaluation.objects.get(evaluation=evaluation)
    assert (etape.de, etape.vers, etape.par) == ("a_noter", "soumise", evaluation.jure)
    with pytest.raises(TransitionInterdite, match="ne se modifie plus"):
        _tout_noter(evaluation, (0, 0))
    assert sorted(evaluation.notes.values_list("valeur", flat=True)) == [2, 4]


def test_soumettre_exige_chaque_critere_et_l_avis_en_francais():
    evaluation = EvaluationFactory()
    critere_1, critere_2 = _criteres(evaluation)
    services.evaluation_noter(
        evaluation, notes={critere_1.pk: (3, "")}, avis="", commentaire="", par=evaluation.jure
    )

    with pytest.raises(ValidationError) as erreur:
        services.evaluation_soumettre(evaluation, par=evaluation.jure)

    assert erreur.value.messages == [
        f"Notez le critère « {critere_2.libelle} ».",
        "Donnez votre avis d'ensemble sur le dossier.",
    ]
    evaluation.refresh_from_db()
    assert evaluation.statut == Evaluation.Statut.A_NOTER
    assert not evaluation.historique.exists()


@pytest.mark.parametrize(
    ("valeur", "message"),
    [(6, "la note va de 0 à 5"), (-1, "la note va de 0 à 5"), (True, "la note va de 0 à 5")],
)
def test_une_note_hors_bornes_est_refusee(valeur, message):
    evaluation = EvaluationFactory()
    critere = _criteres(evaluation)[0]

    with pytest.raises(ValidationError, match=message):
        services.evaluation_noter(
            evaluation,
            notes={critere.pk: (valeur, "")},
            avis="",
            commentaire="",
            par=evaluation.jure,
        )
    assert not Note.objects.exists()


def test_un_critere_d_une_autre_edition_est_refuse():
    evaluation = EvaluationFactory()
    autre = EditionFactory().criteres.first()

    with pytest.raises(ValidationError, match="pas de la grille de cette édition"):
        services.evaluation_noter(
            evaluation, notes={autre.pk: (3, "")}, avis="", commentaire="", par=evaluation.jure
        )
    assert not Note.objects.exists()


def test_un_avis_inconnu_est_refuse():
    evaluation = EvaluationFactory()

    with pytest.raises(ValidationError, match="avis d'ensemble"):
        services.evaluation_noter(
            evaluation, notes={}, avis="enthousiaste", commentaire="", par=evaluation.jure
        )


def test_seul_le_jure_de_l_evaluation_la_note():
    evaluation = EvaluationFactory()

    with pytest.raises(PermissionDenied):
        services.evaluation_noter(
            evaluation, notes={}, avis="favorable", commentaire="", par=jure_factory()
        )


def test_hors_de_la_periode_rien_ne_s_enregistre():
    evaluation = EvaluationFactory()
    jury = evaluation.dossier.edition.jury
    jury.notation_fin = timezone.localdate() - timedelta(days=1)
    jury.notation_debut = jury.notation_fin - timedelta(days=5)
    jury.save()

    with pytest.raises(ValidationError, match="ne peuvent pas être enregistrées"):
        _tout_noter(evaluation)
    with pytest.raises(ValidationError, match="ne peuvent pas être enregistrées"):
        services.evaluation_soumettre(evaluation, par=evaluation.jure)
    assert not Note.objects.exists()


# --- Conflit d'intérêts -----------------------------------------------------------------


def test_declarer_un_conflit_efface_les_notes_et_garde_le_motif_dans_l_historique():
    evaluation = EvaluationFactory()
    _tout_noter(evaluation)

    with pytest.raises(ValidationError, match="nature du conflit"):
        services.conflit_declarer(evaluation, motif="  ", par=evaluation.jure)
    services.conflit_declarer(
        evaluation, motif="Je suis trésorière de la structure.", par=evaluation.jure
    )

    evaluation.refresh_from_db()
    assert evaluation.statut == Evaluation.Statut.CONFLIT
    assert evaluation.conflit_motif == "Je suis trésorière de la structure."
    assert (evaluation.avis, evaluation.commentaire) == ("", "")
    assert not evaluation.notes.exists()
    etape = evaluation.historique.get()
    assert (etape.vers, etape.motif) == ("conflit", "Je suis trésorière de la structure.")
    with pytest.raises(TransitionInterdite):
        _tout_noter(evaluation)


def test_un_conflit_ne_se_declare_plus_apres_la_soumission():
    evaluation = EvaluationFactory()
    _tout_noter(evaluation)
    services.evaluation_soumettre(evaluation, par=evaluation.jure)

    with pytest.raises(TransitionInterdite):
        services.conflit_declarer(evaluation, motif="Oubli", par=evaluation.jure)
    assert evaluation.notes.count() == 2


# --- Retards et rappels ------------------------------------------------------------------


def test_les_jures_en_retard_sont_ceux_qui_ont_encore_a_noter():
    bati = jury_avec_notes(
        jures=4,
        dossiers=2,
        notes={(0, 0): "a_noter", (1, 0): "a_noter", (0, 1): "a_noter", (0, 2): "conflit"},
    )

    retard = {jure.pk: jure.reste for jure in services.jures_en_retard(bati.edition)}

    assert retard == {bati.jures[0].pk: 2, bati.jures[1].pk: 1}


def test_rappeler_envoie_un_seul_rappel_par_jure_en_retard_et_par_jour():
    bati = jury_avec_notes(jures=3, dossiers=2, notes={(0, 0): "a_noter", (1, 1): "a_noter"})

    assert services.jures_rappeler(bati.edition) == 2
    assert services.jures_rappeler(bati.edition) == 0
    rappels = Notification.objects.filter(sorte="jury_rappel")
    assert sorted(rappels.values_list("utilisateur_id", flat=True)) == sorted(
        [bati.jures[0].pk, bati.jures[1].pk]
    )
    assert all(
        "un dossier reste à noter" in sujet for sujet in rappels.values_list("sujet", flat=True)
    )
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert services.jures_rappeler(bati.edition) == 2
    assert rappels.count() == 4


def test_aucun_rappel_hors_de_la_periode_de_notation():
    bati = jury_avec_notes(jures=1, dossiers=1, defaut="a_noter")
    bati.jury.notation_debut = timezone.localdate() + timedelta(days=2)
    bati.jury.notation_fin = timezone.localdate() + timedelta(days=9)
    bati.jury.save()

    assert services.jures_rappeler(bati.edition) == 0
    assert not services.jures_en_retard(bati.edition).exists()


def test_la_tache_rappelle_aux_echeances_avant_la_fin_de_la_notation():
    bati = jury_avec_notes(jures=1, dossiers=1, defaut="a_noter")
    fin = bati.jury.notation_fin

    assert tasks.jurys_a_rappeler(fin - timedelta(days=2)) == []
    assert tasks.jurys_a_rappeler(fin - timedelta(days=3)) == [bati.jury]
    assert tasks.jurys_a_rappeler(fin + timedelta(days=1)) == []
    a_midi = timezone.make_aware(datetime.combine(fin - timedelta(days=3), time(12)))
    with time_machine.travel(a_midi):
        assert tasks.rappeler() == 1
        assert tasks.rappeler() == 0


def test_la_tache_des_rappels_est_au_calendrier_de_beat():
    from brest_numerique.celery import app

    taches = {entree["task"] for entree in app.conf.beat_schedule.values()}
    assert "jury.rappeler" in taches
    assert app.tasks["jury.rappeler"].name == tasks.rappeler.name
