"""« Ouvert maintenant » à des instants choisis, à l'heure de Paris."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from papi import horaires
from papi.horaires import PARIS
from papi.models import Lieu
from tests.papi.factories import LieuFactory

PIMMS = "Mo 14:00-17:00; Tu,We 09:00-12:00,14:00-17:00; Th 14:00-19:30; Fr 09:00-12:00,14:00-17:30; PH off"


def a_paris(texte: str) -> datetime:
    return datetime.fromisoformat(texte).replace(tzinfo=PARIS)


@pytest.mark.parametrize(
    ("instant", "ouvert", "libelle"),
    [
        ("2026-11-24 08:59", False, "Fermé · ouvre aujourd'hui à 9 h"),  # mardi, avant l'ouverture
        ("2026-11-24 09:00", True, "Ouvert jusqu'à 12 h"),
        ("2026-11-24 11:59", True, "Ouvert jusqu'à 12 h"),
        ("2026-11-24 12:00", False, "Fermé · ouvre aujourd'hui à 14 h"),  # minute de fermeture
        ("2026-11-26 18:00", True, "Ouvert jusqu'à 19 h 30"),  # jeudi soir
        ("2026-11-27 17:30", False, "Fermé · ouvre lundi à 14 h"),  # vendredi, fermeture
        ("2026-11-28 10:00", False, "Fermé · ouvre lundi à 14 h"),  # samedi
        ("2026-11-11 10:00", False, "Fermé · ouvre demain à 14 h"),  # 11 novembre, férié
    ],
)
def test_l_etat_affiche_suit_les_horaires(instant, ouvert, libelle):
    etat = horaires.etat(PIMMS, a_paris(instant))
    assert (etat.ouvert, etat.libelle) == (ouvert, libelle)


@settings(max_examples=150, deadline=None)
@given(
    texte=st.sampled_from([PIMMS, "Fr 22:00-02:00", "Mo-Fr 08:00-18:00", "Sa 09:30-12:15; PH off"]),
    instant=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
)
def test_l_etat_garde_par_minute_est_celui_de_l_instant_meme(texte, instant):
    """L'état se garde par minute (horaires._etat_de_la_minute) : à
    chaque seconde de la minute, ouvert ou non comme l'analyseur le dit de
    l'instant exact, et le même prochain changement."""
    # Un instant réel, lu à Paris : l'heure sautée au passage à l'heure d'été
    # (2 h 30 le dernier dimanche de mars) n'existe pas, l'analyseur la refuse.
    instant = instant.replace(tzinfo=UTC).astimezone(PARIS)
    analyse = horaires.analyser(texte)

    etat = horaires.etat(texte, instant)

    assert etat.ouvert == analyse.is_open(instant)
    assert etat == horaires.etat(texte, instant.replace(second=0, microsecond=0))
    prochain = analyse.next_change(instant)
    assert horaires._ouvert_et_prochain_changement(texte, instant.replace(second=0, microsecond=0))[
        1
    ] == (None if prochain is None else prochain.astimezone(PARIS))


def test_un_creneau_qui_passe_minuit_est_ouvert_des_deux_cotes():
    texte = "Fr 22:00-02:00"
    assert horaires.creneaux(texte) == [(4, 1320, 1440), (5, 0, 120)]
    assert horaires.etat(texte, a_paris("2026-11-27 23:30")).libelle == "Ouvert jusqu'à demain 2 h"
    assert horaires.etat(texte, a_paris("2026-11-28 01:59")).ouvert
    assert not horaires.etat(texte, a_paris("2026-11-28 02:00")).ouvert


def test_des_horaires_absents_sont_dits_inconnus():
    assert horaires.etat("", a_paris("2026-11-24 10:00")) == horaires.Etat(
        None, "Horaires non renseignés"
    )


@pytest.mark.parametrize(
    "texte", ["Lundi 9h-12h", "Mo-Fr 25:00-26:00", "Mo 09:00-", "Mo-Fr 09:00-12:00;;"]
)
def test_des_horaires_illisibles_sont_refuses_en_francais(texte):
    with pytest.raises(ValidationError) as erreur:
        horaires.valider_horaires(texte)
    message = erreur.value.messages[0]
    assert message.startswith("Horaires invalides")
    assert "Mo-Fr 09:00-12:00" in message  # un exemple du bon format


def test_la_semaine_type_est_en_francais_avec_les_jours_feries():
    semaine = dict(horaires.semaine(PIMMS))
    assert semaine["lundi"] == ["14 h – 17 h"]
    assert semaine["jeudi"] == ["14 h – 19 h 30"]
    assert semaine["samedi"] == []
    assert horaires.note_jours_feries(PIMMS) == "Fermé les jours fériés."
    assert (
        horaires.note_jours_feries("Mo-Fr 09:00-18:00; PH 10:00-12:00")
        == "Jours fériés\u00a0: 10 h – 12 h."
    )


@pytest.mark.django_db
class TestFiltreOuvertMaintenant:
    @pytest.fixture
    def lieux(self):
        pimms = LieuFactory(nom="PIMMS", horaires=PIMMS)
        nuit = LieuFactory(nom="Nocturne", horaires="Fr 22:00-02:00")
        ferie = LieuFactory(nom="Ouvert les fériés", horaires="Mo-Fr 09:00-18:00; PH 10:00-12:00")
        sans_regle = LieuFactory(nom="Sans règle fériés", horaires="Mo-Fr 09:00-18:00")
        return pimms, nuit, ferie, sans_regle

    def ouverts(self, instant: str) -> set[str]:
        return set(Lieu.objects.ouverts_a(a_paris(instant)).values_list("nom", flat=True))

    def test_avant_pendant_et_a_la_minute_de_fermeture(self, lieux):
        assert "PIMMS" not in self.ouverts("2026-11-24 08:59")
        assert "PIMMS" in self.ouverts("2026-11-24 09:00")
        assert "PIMMS" not in self.ouverts("2026-11-24 12:00")

    def test_un_jour_ferie(self, lieux):
        # Le 11 novembre 2026 est un mercredi férié.
        assert self.ouverts("2026-11-11 11:00") == {"Ouvert les fériés", "Sans règle fériés"}
        assert self.ouverts("2026-11-11 15:00") == {"Sans règle fériés"}

    def test_de_part_et_d_autre_de_minuit(self, lieux):
        assert "Nocturne" in self.ouverts("2026-11-27 23:00")
        assert "Nocturne" in self.ouverts("2026-11-28 01:00")
        assert "Nocturne" not in self.ouverts("2026-11-28 02:00")

    def test_le_filtre_de_la_page_utilise_l_heure_courante(self, client, lieux):
        with time_machine.travel(a_paris("2026-11-26 18:30"), tick=False):
            page = client.get("/papi/?ouvert=on").content.decode()
        assert "PIMMS" in page
        assert "Ouvert jusqu&#x27;à 19 h 30" in page
        assert "Sans règle fériés" not in page
