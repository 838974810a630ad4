"""Les pages du jury : l'accueil du juré, la page d'une évaluation (enregistrer,
soumettre, erreurs en français à côté des champs, période close), la déclaration
d'un conflit ; côté instruction, la composition, les dossiers confiés, le suivi et
les rappels. Le nombre de requêtes de chaque page ne dépend pas du volume."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from brest_numerique.comptes.roles import Role
from brest_numerique.notifications.models import Notification
from projets.jury.models import Evaluation, Jury
from projets.models import Dossier
from tests.factories import UserFactory
from tests.projets.factories import EditionFactory
from tests.projets.jury.factories import (
    EvaluationFactory,
    dossier_en_jury,
    jure_factory,
    jury_avec_notes,
)

pytestmark = pytest.mark.django_db


def texte(reponse) -> str:
    return html.unescape(reponse.content.decode())


def _grille(evaluation, valeurs, avis="favorable", **plus):
    criteres = evaluation.dossier.edition.criteres.order_by("ordre", "pk")
    donnees = {"avis": avis, "commentaire": "Bon projet.", **plus}
    for critere, valeur in zip(criteres, valeurs, strict=True):
        donnees[f"note_{critere.pk}"] = valeur
        donnees[f"commentaire_{critere.pk}"] = f"À propos de {critere.libelle}"
    return donnees


@pytest.fixture
def evaluation():
    return EvaluationFactory()


@pytest.fixture
def client_jure(client, evaluation):
    client.force_login(evaluation.jure)
    return client


# --- Le juré ---------------------------------------------------------------------------


def test_enregistrer_garde_la_grille_modifiable_puis_soumettre_la_fige(client_jure, evaluation):
    adresse = reverse("jury:evaluation", args=[evaluation.pk])

    enregistre = client_jure.post(adresse, _grille(evaluation, ["2", "5"]))
    page = client_jure.get(adresse)

    assert enregistre.status_code == 302
    assert evaluation.notes.count() == 2
    assert re.search(r'value="2"[^>]*checked', texte(page))
    assert "Soumettre mes notes" in texte(page)

    soumis = client_jure.post(
        reverse("jury:soumettre", args=[evaluation.pk]), _grille(evaluation, ["3", "5"])
    )
    evaluation.refresh_from_db()
    assert soumis.status_code == 302
    assert evaluation.statut == Evaluation.Statut.SOUMISE
    assert sorted(evaluation.notes.values_list("valeur", flat=True)) == [3, 5]
    assert evaluation.historique.get().vers == "soumise"

    apres = client_jure.get(adresse)
    assert "Vos notes sont soumises" in texte(apres)
    assert "<form" not in texte(apres).split('id="notation-titre"')[1]
    # Une grille postée après la soumission ne change rien.
    client_jure.post(adresse, _grille(evaluation, ["0", "0"]))
    assert sorted(evaluation.notes.values_list("valeur", flat=True)) == [3, 5]


def test_soumettre_une_grille_incomplete_dit_ce_qui_manque_a_cote_des_champs(
    client_jure, evaluation
):
    reponse = client_jure.post(
        reverse("jury:soumettre", args=[evaluation.pk]), _grille(evaluation, ["4", ""], avis="")
    )

    assert reponse.status_code == 400
    assert "Notez ce critère avant de soumettre vos notes." in texte(reponse)
    assert "Donnez votre avis d'ensemble avant de soumettre." in texte(reponse)
    evaluation.refresh_from_db()
    assert evaluation.statut == Evaluation.Statut.A_NOTER
    assert evaluation.notes.count() == 1  # ce qui est saisi est gardé


def test_une_note_hors_bornes_et_un_critere_force_sont_sans_effet(client_jure, evaluation):
    autre = EditionFactory().criteres.first()
    donnees = _grille(evaluation, ["7", "3"]) | {f"note_{autre.pk}": "4"}

    reponse = client_jure.post(reverse("jury:evaluation", args=[evaluation.pk]), donnees)

    assert reponse.status_code == 400
    assert "Choisissez une note de 0 à 5." in texte(reponse)
    assert re.search(r'value="3"[^>]*checked', texte(reponse))  # la saisie est gardée
    assert not evaluation.notes.exists()
    # Le critère forgé seul : ignoré (il n'a pas de champ), rien n'est noté pour lui.
    client_jure.post(
        reverse("jury:evaluation", args=[evaluation.pk]), {f"note_{autre.pk}": "4", "avis": ""}
    )
    assert not evaluation.notes.filter(critere=autre).exists()


def test_hors_de_la_periode_la_page_se_lit_et_rien_ne_s_enregistre(client_jure, evaluation):
    Jury.objects.filter(edition=evaluation.dossier.edition).update(
        notation_debut=timezone.localdate() - timedelta(days=9),
        notation_fin=timezone.localdate() - timedelta(days=1),
    )
    adresse = reverse("jury:evaluation", args=[evaluation.pk])

    page = client_jure.get(adresse)
    refus = client_jure.post(adresse, _grille(evaluation, ["3", "3"]))

    assert page.status_code == 200
    assert "La période de notation n'est pas ouverte aujourd'hui" in texte(page)
    assert evaluation.dossier.resume in texte(page)
    assert "Soumettre mes notes" not in texte(page)
    assert refus.status_code == 400
    assert "vos notes ne sont pas enregistrées" in texte(refus)
    assert not evaluation.notes.exists()


def test_declarer_un_conflit_par_la_page_de_confirmation(client_jure, evaluation):
    adresse = reverse("jury:conflit", args=[evaluation.pk])

    confirmation = client_jure.get(adresse)
    vide = client_jure.post(adresse, {"motif": " "})
    declare = client_jure.post(adresse, {"motif": "Salariée de la structure."})

    assert "Déclarer un conflit d'intérêts" in texte(confirmation)
    assert vide.status_code == 400
    assert "Dites la nature du conflit d'intérêts." in texte(vide)
    assert declare.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.statut == Evaluation.Statut.CONFLIT
    assert evaluation.historique.get().motif == "Salariée de la structure."


def test_l_accueil_groupe_par_edition_et_compte_les_notes_soumises(client):
    bati = jury_avec_notes(
        jures=1, dossiers=4, notes={(0, 0): "a_noter", (1, 0): "conflit", (2, 0): "a_noter"}
    )
    client.force_login(bati.jures[0])

    page = client.get(reverse("jury:accueil"))

    assert page.status_code == 200
    assert bati.edition.titre in texte(page)
    assert "1 sur 3 noté" in texte(page)
    assert bati.dossiers[0].titre in texte(page)
    assert bati.dossiers[1].titre not in texte(page)  # en conflit


def test_les_pages_du_jure_tiennent_en_un_nombre_fixe_de_requetes(
    client, django_assert_max_num_queries
):
    bati = jury_avec_notes(
        jures=1,
        dossiers=30,
        criteres=[(f"Critère {i}", i + 1) for i in range(6)],
        notes={(i, 0): "a_noter" for i in range(10)} | {(11, 0): "conflit"},
    )
    jure = bati.jures[0]
    client.force_login(jure)
    # La seconde édition d'un même juré ne coûte pas de requête de plus.
    jury_avec_notes(jures=[jure], dossiers=10)

    with django_assert_max_num_queries(8):
        assert client.get(reverse("jury:accueil")).status_code == 200
    for cle in [(0, 0), (20, 0)]:
        with django_assert_max_num_queries(12):
            page = client.get(reverse("jury:evaluation", args=[bati.evaluations[cle].pk]))
        assert page.status_code == 200


# --- L'instruction -----------------------------------------------------------------------


@pytest.fixture
def instruction(client):
    edition = EditionFactory()
    instructeur = UserFactory(role=Role.INSTRUCTEURS)
    edition.instructeurs.add(instructeur)
    client.force_login(instructeur)
    return client, edition


def test_composer_le_jury_puis_confier_les_dossiers_depuis_la_page_du_jury(instruction):
    client, edition = instruction
    jures = [jure_factory(), jure_factory()]
    dossier_en_jury(edition, rang=1, statut=Dossier.Statut.PRET_POUR_JURY)
    adresse = reverse("instruction:jury", args=[edition.annee])
    debut, fin = timezone.localdate(), timezone.localdate() + timedelta(days=14)

    a_l_envers = client.post(
        adresse,
        {"action": "composer", "jures": [j.pk for j in jures], "debut": fin, "fin": debut},
    )
    compose = client.post(
        adresse,
        {"action": "composer", "jures": [j.pk for j in jures], "debut": debut, "fin": fin},
    )
    confie = client.post(adresse, {"action": "confier", "jures": [j.pk for j in jures]})

    assert a_l_envers.status_code == 400
    assert "La fin de la notation suit son début." in texte(a_l_envers)
    assert compose.status_code == confie.status_code == 302
    assert set(edition.jury.jures.all()) == set(jures)
    assert Evaluation.objects.filter(dossier__edition=edition).count() == 2
    avis = Notification.objects.filter(sorte="jury_dossiers_confies")
    assert avis.count() == 2
    assert "un dossier vous est confié" in avis.first().sujet
    assert "déclarez un conflit d'intérêts" in avis.first().corps_texte
    page = client.get(adresse)
    assert "2 évaluations confiées" in texte(page)


def test_confier_a_un_compte_hors_du_jury_est_refuse_sans_500(instruction):
    client, edition = instruction
    jury_avec_notes(edition=edition, jures=1, dossiers=1, defaut=None)

    reponse = client.post(
        reverse("instruction:jury", args=[edition.annee]),
        {"action": "confier", "jures": [str(jure_factory().pk), "x"], "theme": "999"},
    )
    demesure = client.post(
        reverse("instruction:jury", args=[edition.annee]),
        {"action": "composer", "jures": [str(10**30)], "debut": "2026-13-45", "fin": "²"},
    )

    assert reponse.status_code == demesure.status_code == 400
    assert "Saisissez une date valide." in texte(demesure)
    assert not Evaluation.objects.exists()


def test_le_suivi_signale_les_retards_et_les_rappels_partent_une_fois(
    instruction, django_assert_max_num_queries
):
    client, edition = instruction
    bati = jury_avec_notes(
        edition=edition, jures=8, dossiers=20, notes={(0, 0): "a_noter", (1, 1): "conflit"}
    )

    with django_assert_max_num_queries(10):
        page = client.get(reverse("instruction:jury_suivi", args=[edition.annee]))
    assert page.status_code == 200
    assert texte(page).count("en retard</span>") == 1
    assert "1 juré en retard." in texte(page)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("instruction:jury", args=[edition.annee])).status_code == 200

    rappel = reverse("instruction:jury_rappeler", args=[edition.annee])
    assert client.post(rappel).status_code == 302
    assert client.post(rappel).status_code == 302
    rappels = Notification.objects.filter(sorte="jury_rappel")
    assert list(rappels.values_list("utilisateur_id", flat=True)) == [bati.jures[0].pk]


def test_un_instructeur_d_une_autre_edition_est_refuse(client):
    edition = EditionFactory()
    client.force_login(UserFactory(role=Role.INSTRUCTEURS))

    for nom in ("instruction:jury", "instruction:jury_suivi"):
        assert client.get(reverse(nom, args=[edition.annee])).status_code == 403
    assert (
        client.post(reverse("instruction:jury_rappeler", args=[edition.annee])).status_code == 403
    )
    assert client.get(reverse("instruction:jury", args=[1999])).status_code == 404
