"""Le registre des sortes de notifications : chaque application y déclare les
siennes depuis son ready(), la boîte d'envoi n'en connaît aucune par son nom."""

from pathlib import Path

import pytest
from django.apps import apps

from brest_numerique.notifications import types
from brest_numerique.notifications.types import (
    SORTES,
    Sorte,
    SorteEnConflit,
    codes_sensibles,
    enregistrer,
    sorte,
    sortes_facultatives,
)

SORTES_PAR_APPLICATION = {
    "accompagnement": {"accompagnement_equipe", "accompagnement_accuse"},
    "comptes": {"compte", "bienvenue"},
    "papi": {"papi_signalement", "papi_signalement_traite"},
    "commentaires": {
        "commentaire_confirmation",
        "commentaire_publie",
        "commentaire_rejete",
        "commentaire_reponse",
        "moderation_nouveau",
        "moderation_masque",
        "moderation_resume",
    },
    "projets": {
        "dossier_depose",
        "dossier_recu",
        "dossier_etat",
        "dossier_complements",
        "dossier_complete",
        "dossier_rappel_brouillon",
        "dossier_rappel_complements",
        "instruction_resume_hebdo",
        "projets_invitation",
    },
    "echanges": {"dossier_message", "dossier_message_instruction"},
    "jury": {"jury_dossiers_confies", "jury_rappel"},
    "deliberation": {"projets_decision"},
    "internet_pour_tous": {"ipt_demande_recue", "ipt_demande_a_traiter", "ipt_abonnement_etat"},
}


@pytest.fixture
def registre_restaure(monkeypatch):
    # Une copie du registre, rendue après le test.
    monkeypatch.setattr(types._REGISTRE, "_elements", dict(types._REGISTRE._elements))


def test_le_registre_contient_exactement_les_sortes_declarees_par_les_applications():
    assert set(SORTES) == set().union(*SORTES_PAR_APPLICATION.values())


@pytest.mark.parametrize("label", sorted(SORTES_PAR_APPLICATION))
def test_chaque_application_enregistre_ses_sortes_depuis_son_ready(registre_restaure, label):
    types._REGISTRE._elements.clear()

    apps.get_app_config(label).ready()

    assert set(SORTES) == SORTES_PAR_APPLICATION[label]


def test_les_definitions_des_sortes_sont_conservees():
    assert sorte("compte").sensible is True
    assert sorte("compte").essentielle is True
    assert sorte("bienvenue").essentielle is False
    assert sorte("papi_signalement").essentielle is True
    assert sorte("moderation_nouveau").action == "moderer_commentaires"
    assert codes_sensibles() == ["compte"]


def test_les_sortes_facultatives_d_un_anonyme_excluent_celles_des_moderateurs():
    codes = [s.code for s in sortes_facultatives()]

    # Les rappels et la messagerie de l'appel à projets : tout compte peut agir pour
    # une structure candidate.
    assert sorted(codes) == [
        "bienvenue",
        "commentaire_reponse",
        "dossier_message",
        "dossier_rappel_brouillon",
    ]


def test_une_sorte_inconnue_est_une_erreur():
    with pytest.raises(ValueError, match="inconnue"):
        sorte("sorte_qui_n_existe_pas")


def test_reenregistrer_une_sorte_identique_ne_change_rien(registre_restaure):
    avant = dict(SORTES)

    enregistrer(Sorte("papi_signalement", avant["papi_signalement"].libelle, True))

    assert dict(SORTES) == avant


def test_un_meme_code_avec_une_autre_definition_est_refuse(registre_restaure):
    origine = SORTES["compte"]

    with pytest.raises(SorteEnConflit, match="compte"):
        enregistrer(Sorte("compte", "Autre chose", False))

    assert SORTES["compte"] is origine


def test_un_conflit_n_enregistre_aucune_sorte_de_la_meme_liste(registre_restaure):
    with pytest.raises(SorteEnConflit):
        enregistrer(Sorte("essai_nouvelle", "Nouvelle", False), Sorte("compte", "Autre", True))

    assert "essai_nouvelle" not in SORTES


def test_le_registre_ne_se_modifie_que_par_enregistrer():
    with pytest.raises(TypeError):
        SORTES["essai"] = Sorte("essai", "Essai", False)  # type: ignore[index]


def test_la_boite_d_envoi_ne_nomme_aucune_application():
    source = Path(types.__file__).read_text(encoding="utf-8")

    for nom in ("papi", "commentaire", "programmes", "projets", "internet_pour_tous"):
        assert nom not in source
    for code in set().union(*SORTES_PAR_APPLICATION.values()):
        assert f'"{code}"' not in source
