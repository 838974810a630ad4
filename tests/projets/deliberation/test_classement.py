"""Le classement : notes pondérées, moyenne et écart type calculés à la main,
évaluations non soumises et conflits écartés, ex æquo, ligne de l'enveloppe."""

from decimal import Decimal

import pytest

from projets.deliberation.classement import ECART_ELEVE, classer, ligne_de_l_enveloppe
from projets.jury.models import Evaluation
from tests.projets.deliberation.outils import conflit, en_jury, jures, noter
from tests.projets.factories import EditionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    # Deux critères (EditionFactory) : « Intérêt » × 3, « Faisabilité » × 2.
    return EditionFactory(enveloppe=Decimal("3000"))


def test_la_moyenne_ponderee_et_l_ecart_type_ignorent_les_notes_non_soumises_et_les_conflits(
    edition,
):
    dossier = en_jury(edition)
    a, b, c, d = jures(edition, 4)
    noter(dossier, a, [5, 3])  # (5×3 + 3×2) / 5 = 4,2
    noter(dossier, b, [3, 2])  # (3×3 + 2×2) / 5 = 2,6
    noter(dossier, c, [0, 0], statut=Evaluation.Statut.A_NOTER)  # pas soumise
    conflit(dossier, d)

    (ligne,) = classer(edition)

    # Moyenne (4,2 + 2,6) / 2 = 3,4 ; écart type de population √((0,8² + 0,8²)/2) = 0,8.
    assert ligne.moyenne == Decimal("3.40")
    assert ligne.ecart_type == Decimal("0.80")
    assert ligne.nb_evaluations == 2
    assert ligne.nb_conflits == 1
    assert ligne.ecart_eleve is False
    assert ligne.avis == {"favorable": 2, "reserve": 0, "defavorable": 0}


def test_un_ecart_d_au_moins_un_point_est_signale_et_les_avis_comptes_par_sorte(edition):
    dossier = en_jury(edition)
    a, b, c = jures(edition, 3)
    noter(dossier, a, [5, 5], avis="favorable")  # 5
    noter(dossier, b, [1, 1], avis="defavorable")  # 1
    noter(dossier, c, [3, 3], avis="reserve")  # 3

    (ligne,) = classer(edition)

    # Moyenne 3 ; écart type √((4 + 4 + 0) / 3) = 1,63.
    assert ligne.moyenne == Decimal("3.00")
    assert ligne.ecart_type == Decimal("1.63")
    assert ligne.ecart_type >= ECART_ELEVE and ligne.ecart_eleve is True
    assert ligne.avis == {"favorable": 1, "reserve": 1, "defavorable": 1}


def test_un_dossier_sans_note_soumise_vient_en_dernier_sans_moyenne(edition):
    sans_note = en_jury(edition, montant="100")
    note = en_jury(edition, montant="2000")
    (a,) = jures(edition, 1)
    noter(note, a, [1, 1])
    conflit(sans_note, a)

    lignes = classer(edition)

    assert [ligne.dossier for ligne in lignes] == [note, sans_note]
    assert lignes[1].moyenne is None and lignes[1].ecart_type is None
    assert lignes[1].nb_evaluations == 0 and lignes[1].nb_conflits == 1


def test_les_ex_aequo_se_departagent_par_le_nombre_de_notes_le_montant_puis_le_numero(edition):
    un_seul = en_jury(edition, montant="500")
    deux_notes = en_jury(edition, montant="1500")
    cher = en_jury(edition, montant="1000")
    premier_numero = en_jury(edition, montant="800")
    second_numero = en_jury(edition, montant="800")
    a, b = jures(edition, 2)
    for dossier in (deux_notes, cher, premier_numero, second_numero):
        noter(dossier, a, [4, 4])
        noter(dossier, b, [4, 4])
    noter(un_seul, a, [4, 4])

    lignes = classer(edition)

    assert {ligne.moyenne for ligne in lignes} == {Decimal("4.00")}
    assert [ligne.dossier for ligne in lignes] == [
        premier_numero,
        second_numero,
        cher,
        deux_notes,
        un_seul,
    ]
    assert [ligne.rang for ligne in lignes] == [1, 2, 3, 4, 5]


def test_le_cumul_des_montants_montre_ou_l_enveloppe_s_epuise(edition):
    dossiers = [en_jury(edition, montant="1000") for _ in range(4)]
    (a,) = jures(edition, 1)
    for note, dossier in zip([5, 4, 3, 2], dossiers, strict=True):
        noter(dossier, a, [note, note])

    lignes = classer(edition)

    assert [ligne.cumul for ligne in lignes] == [Decimal(n) for n in (1000, 2000, 3000, 4000)]
    assert [ligne.dans_enveloppe for ligne in lignes] == [True, True, True, False]
    assert ligne_de_l_enveloppe(lignes) == 3


def test_le_filtre_par_theme_garde_le_rang_et_le_cumul_du_classement_entier(edition):
    culture = ThemeFactory(libelle="Culture numérique", slug="culture-numerique")
    edition.themes.add(culture)
    autre, dans_le_theme = en_jury(edition), en_jury(edition)
    dans_le_theme.themes.set([culture])
    (a,) = jures(edition, 1)
    noter(autre, a, [5, 5])
    noter(dans_le_theme, a, [2, 2])

    (ligne,) = classer(edition, theme=culture)

    assert ligne.dossier == dans_le_theme
    assert ligne.rang == 2 and ligne.cumul == Decimal("3000")
    assert ligne.dans_enveloppe is True


def test_les_dossiers_hors_jury_et_d_une_autre_edition_ne_sont_pas_classes(edition):
    classe = en_jury(edition)
    en_jury(EditionFactory())
    from tests.projets.factories import dossier_depose

    dossier_depose(edition=edition)

    assert [ligne.dossier for ligne in classer(edition)] == [classe]
