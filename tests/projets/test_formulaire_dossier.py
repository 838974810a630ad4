"""Le dossier côté candidat : création, brouillon enregistré (bouton et JSON),
budget, plafond, verrou optimiste, dépôt à la seconde près, lecture seule après le
dépôt, retrait, suppression, compléments, droits (IDOR) et nombre de requêtes."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brest_numerique.notifications.models import Notification
from projets.echanges.models import Cote
from projets.echanges.services import message_envoyer
from projets.models import Dossier, LigneBudget
from tests.papi.factories import LieuFactory
from tests.projets.factories import (
    DossierFactory,
    EditionFactory,
    StructureFactory,
    brest,
    candidat,
    dossier_depose,
)

pytestmark = pytest.mark.django_db
Statut = Dossier.Statut


def saisie(dossier, *, version=None, depenses=None, recettes=None, **champs) -> dict:
    """Le formulaire du dossier tel qu'un navigateur l'envoie."""
    depenses = [("Intervenante", "3000"), ("Matériel", "1000")] if depenses is None else depenses
    recettes = [("Fonds propres", "2500")] if recettes is None else recettes
    donnees = {
        "version": str(dossier.version if version is None else version),
        "titre": dossier.titre,
        "resume": dossier.resume,
        "description": dossier.description,
        "calendrier": "",
        "publics": ["jeunes"],
        "forme_aide": "subvention",
        "montant_demande": "1500",
        "materiel_demande": "",
    }
    for prefixe, lignes in (("depenses", depenses), ("recettes", recettes)):
        donnees[f"{prefixe}-TOTAL_FORMS"] = str(len(lignes) + 1)
        donnees[f"{prefixe}-INITIAL_FORMS"] = str(len(lignes) + 1)
        for rang, (libelle, montant) in enumerate([*lignes, ("", "")]):
            donnees[f"{prefixe}-{rang}-libelle"] = libelle
            donnees[f"{prefixe}-{rang}-montant"] = montant
    donnees.update(champs)
    return donnees


def connecte(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(dossier) -> str:
    return reverse("projets:dossier", kwargs={"dossier": dossier.pk})


def action(nom, dossier) -> str:
    return reverse(f"projets:dossier_{nom}", kwargs={"dossier": dossier.pk})


@pytest.fixture
def dossier():
    return DossierFactory()


@pytest.fixture
def membre(dossier):
    return connecte(candidat(dossier.structure))


# --- Création ----------------------------------------------------------------------


def test_un_membre_cree_un_brouillon_pour_sa_structure_et_arrive_sur_sa_page():
    edition = EditionFactory()
    structure = StructureFactory(nom="Les Petits Débrouillards")
    user = candidat(structure)
    StructureFactory(nom="Structure d'autrui")
    client = connecte(user)
    adresse = reverse("projets:dossier_creer", kwargs={"annee": edition.annee})

    formulaire = client.get(adresse)
    assert formulaire.status_code == 200
    assert "Les Petits Débrouillards" in formulaire.text
    assert "Structure d'autrui" not in formulaire.text
    assert "23\u00a0h\u00a059\u00a0min\u00a059\u00a0s" in formulaire.text

    reponse = client.post(adresse, {"structure": structure.pk, "titre": "Fablab mobile"})

    cree = Dossier.objects.get()
    assert (cree.structure, cree.edition, cree.titre) == (structure, edition, "Fablab mobile")
    assert (cree.statut, cree.cree_par, cree.numero) == (Statut.BROUILLON, user, None)
    assert reponse.status_code == 302 and reponse["Location"] == page(cree)


def test_on_ne_cree_pas_de_dossier_pour_la_structure_d_un_autre():
    edition = EditionFactory()
    client = connecte(candidat())
    autre = StructureFactory()
    reponse = client.post(
        reverse("projets:dossier_creer", kwargs={"annee": edition.annee}),
        {"structure": autre.pk, "titre": "Intrus"},
    )
    assert reponse.status_code == 400
    assert "Choisissez une de vos structures." in reponse.text
    assert not Dossier.objects.exists()


def test_sans_structure_on_est_envoye_creer_la_sienne(citoyen):
    edition = EditionFactory()
    reponse = connecte(citoyen).get(
        reverse("projets:dossier_creer", kwargs={"annee": edition.annee})
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("projets:structure_creer")


def test_pas_de_creation_hors_de_la_periode_de_depot():
    edition = EditionFactory()
    structure = StructureFactory()
    user = candidat(structure)
    adresse = reverse("projets:dossier_creer", kwargs={"annee": edition.annee})
    with time_machine.travel(edition.cloture + timedelta(seconds=1), tick=False):
        # Connexion au moment voulu : la session ouverte vingt jours plus tôt aurait expiré.
        client = connecte(user)
        assert "n'est pas ouvert" in client.get(adresse).text
        reponse = client.post(adresse, {"structure": structure.pk, "titre": "Trop tard"})
    assert reponse.status_code == 403
    assert not Dossier.objects.exists()


# --- Enregistrement du brouillon ------------------------------------------------------


def test_le_brouillon_s_enregistre_champs_budget_et_listes(dossier, membre):
    theme = dossier.edition.themes.get()
    lieu = LieuFactory()
    donnees = saisie(
        dossier,
        titre="Ateliers vidéo, saison 2",
        calendrier="Octobre : tournage ; novembre : montage.",
        themes=[theme.pk],
        communes=[brest().pk],
        lieux=[lieu.pk],
        publics=["jeunes", "seniors"],
        depenses=[("Intervenante", "3 000,50"), ("Location", "999,50")],
        recettes=[("Fonds propres", "2500")],
    )

    reponse = membre.post(page(dossier), donnees)

    assert reponse.status_code == 302
    dossier.refresh_from_db()
    assert dossier.titre == "Ateliers vidéo, saison 2"
    assert dossier.version == 2
    assert dossier.publics == ["jeunes", "seniors"]
    assert list(dossier.themes.all()) == [theme]
    assert list(dossier.lieux.all()) == [lieu]
    assert [c.code_insee for c in dossier.communes.all()] == ["29019"]
    lignes = list(dossier.lignes_budget.values_list("nature", "libelle", "montant"))
    assert lignes == [
        ("depense", "Intervenante", Decimal("3000.50")),
        ("depense", "Location", Decimal("999.50")),
        ("recette", "Fonds propres", Decimal("2500")),
    ]
    suite = membre.get(page(dossier))
    assert "Brouillon enregistré." in suite.text
    assert "Le budget est équilibré." in suite.text


def test_un_lieu_non_publie_n_est_pas_propose(dossier, membre):
    cache = LieuFactory(nom="Lieu dépublié", publie=False)
    assert "Lieu dépublié" not in membre.get(page(dossier)).text
    reponse = membre.post(page(dossier), saisie(dossier, lieux=[cache.pk]))
    assert reponse.status_code == 400
    assert not dossier.lieux.exists()


def test_une_ligne_de_budget_incomplete_est_signalee_et_rien_n_est_ecrit(dossier, membre):
    donnees = saisie(dossier, titre="Nouveau titre", depenses=[("Intervenante", "")])
    reponse = membre.post(page(dossier), donnees)
    assert reponse.status_code == 400
    assert "Indiquez le montant de cette ligne." in reponse.text
    assert 'value="Nouveau titre"' in reponse.text
    dossier.refresh_from_db()
    assert (dossier.titre, dossier.version, dossier.lignes_budget.count()) != (
        "Nouveau titre",
        2,
        1,
    )
    assert dossier.version == 1


def test_un_budget_desequilibre_est_dit_avant_le_depot(dossier, membre):
    membre.post(page(dossier), saisie(dossier, recettes=[("Fonds propres", "1000")]))
    texte = membre.get(page(dossier)).text
    assert "Le budget n&#x27;est pas équilibré" in texte
    assert "Avant de déposer" in texte
    membre.post(action("deposer", dossier))
    assert Dossier.objects.get(pk=dossier.pk).statut == Statut.BROUILLON


def test_le_plafond_de_l_edition_est_rappele_et_fait_refuser_le_depot(dossier, membre):
    # 4 000 € de dépenses : 70 % font 2 800 €, sous le maximum de 3 000 €.
    texte = membre.get(page(dossier)).text
    assert "3000\u00a0€ au plus par projet" in texte and "70 % des dépenses" in texte
    assert "Pour ce budget\u00a0: 2800\u00a0€ au plus." in texte

    donnees = saisie(dossier, montant_demande="2900", recettes=[("Fonds propres", "1100")])
    membre.post(page(dossier), donnees)
    reponse = membre.post(action("deposer", dossier), follow=True)

    assert "Le montant demandé dépasse le plafond de l&#x27;édition" in reponse.text
    assert Dossier.objects.get(pk=dossier.pk).statut == Statut.BROUILLON


def test_ajouter_des_lignes_sans_javascript(dossier, membre):
    reponse = membre.post(page(dossier), {**saisie(dossier), "action": "ajouter_lignes"})
    assert reponse.status_code == 302
    assert reponse["Location"].endswith("?lignes=3#budget")
    texte = membre.get(reponse["Location"]).text
    assert 'name="depenses-TOTAL_FORMS" value="5"' in texte  # 2 lignes + 3 vides
    assert 'name="recettes-TOTAL_FORMS" value="4"' in texte


def test_l_enregistrement_automatique_repond_en_json(dossier, membre):
    donnees = {**saisie(dossier, resume="Écrit au fil de l'eau"), "enregistrement_auto": "1"}
    reponse = membre.post(page(dossier), donnees)
    assert reponse.status_code == 200
    assert reponse.json()["ok"] is True and reponse.json()["version"] == 2
    assert Dossier.objects.get(pk=dossier.pk).resume == "Écrit au fil de l'eau"

    erreur = membre.post(page(dossier), {**donnees, "version": "2", "titre": ""})
    assert erreur.status_code == 400
    assert erreur.json()["erreurs"]["titre"] == ["Donnez un titre à votre projet."]


def test_la_page_charge_le_script_sans_script_en_ligne(dossier, membre):
    texte = membre.get(page(dossier)).text
    assert "js/dossier_brouillon" in texte
    assert "<script>" not in texte and "onclick" not in texte


def test_la_page_inclut_les_pieces_jointes_et_mene_a_la_messagerie(dossier, membre):
    texte = membre.get(page(dossier)).text
    assert 'id="pieces"' in texte
    assert reverse("projets:piece_ajouter", kwargs={"dossier": dossier.pk}) in texte
    assert reverse("projets:messages", kwargs={"dossier": dossier.pk}) in texte


# --- Verrou optimiste ----------------------------------------------------------------


def test_deux_sessions_editent_la_seconde_est_refusee_et_garde_son_texte(dossier):
    premiere = connecte(candidat(dossier.structure))
    seconde = connecte(candidat(dossier.structure))
    # Chacune a ouvert le formulaire à la version 1.
    assert 'name="version" value="1"' in premiere.get(page(dossier)).text
    assert 'name="version" value="1"' in seconde.get(page(dossier)).text

    assert (
        premiere.post(page(dossier), saisie(dossier, resume="Texte de la première")).status_code
        == 302
    )
    refus = seconde.post(page(dossier), saisie(dossier, resume="Texte de la seconde"))

    assert refus.status_code == 409
    assert "Quelqu&#x27;un a modifié ce dossier pendant que vous écriviez" in refus.text
    assert "Texte de la seconde" in refus.text
    dossier.refresh_from_db()
    assert (dossier.resume, dossier.version) == ("Texte de la première", 2)

    # L'enregistrement automatique de la seconde est refusé de même.
    auto = seconde.post(
        page(dossier), {**saisie(dossier, version=1, resume="Encore"), "enregistrement_auto": "1"}
    )
    assert auto.status_code == 409 and auto.json()["conflit"] is True
    assert Dossier.objects.get(pk=dossier.pk).resume == "Texte de la première"


def test_un_formulaire_sans_version_n_ecrit_rien(dossier, membre):
    donnees = saisie(dossier, resume="Sans version")
    del donnees["version"]
    assert membre.post(page(dossier), donnees).status_code == 409
    assert Dossier.objects.get(pk=dossier.pk).resume != "Sans version"


# --- Dépôt ---------------------------------------------------------------------------


def test_le_depot_enregistre_la_saisie_puis_numerote(dossier, membre):
    reponse = membre.post(
        action("deposer", dossier), saisie(dossier, titre="Titre final"), follow=True
    )
    dossier.refresh_from_db()
    assert dossier.statut == Statut.DEPOSE
    assert dossier.titre == "Titre final"
    assert f"déposé sous le numéro {dossier.numero}" in reponse.text
    assert Notification.objects.filter(sorte="dossier_depose").exists()


def test_un_depot_incomplet_liste_ce_qui_manque_sans_rien_perdre(dossier, membre):
    donnees = saisie(dossier, resume="", description="Ma description tapée")
    reponse = membre.post(action("deposer", dossier), donnees, follow=True)
    assert "Le résumé et la description du projet sont à remplir." in reponse.text
    dossier.refresh_from_db()
    assert (dossier.statut, dossier.description) == (Statut.BROUILLON, "Ma description tapée")


def test_la_cloture_se_juge_a_la_seconde_sur_la_page_comme_au_depot():
    edition = EditionFactory()
    a_temps, en_retard = DossierFactory(edition=edition), DossierFactory(edition=edition)
    user_a, user_b = candidat(a_temps.structure), candidat(en_retard.structure)
    derniere = edition.cloture
    assert 'id="formulaire-dossier"' in connecte(user_a).get(page(a_temps)).text

    with time_machine.travel(derniere + timedelta(microseconds=900_000), tick=False):
        client_a = connecte(user_a)
        texte = client_a.get(page(a_temps)).text
        assert (
            "23\u00a0h\u00a059\u00a0min\u00a059\u00a0s" in texte
            and 'id="formulaire-dossier"' in texte
        )
        client_a.post(action("deposer", a_temps))
    with time_machine.travel(derniere + timedelta(seconds=1), tick=False):
        client_b = connecte(user_b)
        texte = client_b.get(page(en_retard)).text
        assert 'id="formulaire-dossier"' not in texte
        assert "Le dépôt est clos depuis le" in texte
        enregistrement = client_b.post(page(en_retard), saisie(en_retard, titre="Trop tard"))
        depot = client_b.post(action("deposer", en_retard), follow=True)

    assert Dossier.objects.get(pk=a_temps.pk).statut == Statut.DEPOSE
    assert enregistrement.status_code == 302
    assert "Le dépôt est clos" in depot.text
    en_retard.refresh_from_db()
    assert (en_retard.statut, en_retard.titre, en_retard.version) != (Statut.DEPOSE, "Trop tard", 2)
    assert en_retard.statut == Statut.BROUILLON and en_retard.version == 1


def test_un_dossier_depose_se_lit_et_ne_se_modifie_plus():
    depose = dossier_depose()
    client = connecte(candidat(depose.structure))
    texte = client.get(page(depose)).text
    assert 'id="formulaire-dossier"' not in texte
    assert depose.numero in texte and "Déposé" in texte
    assert "Prochaine étape" in texte
    assert action("retirer", depose) in texte

    reponse = client.post(page(depose), saisie(depose, titre="Modifié après coup"), follow=True)
    assert "ne peut plus être modifié" in reponse.text
    auto = client.post(page(depose), {**saisie(depose, titre="Encore"), "enregistrement_auto": "1"})
    assert auto.status_code == 403
    assert Dossier.objects.get(pk=depose.pk).titre == depose.titre


def test_la_page_d_un_dossier_depose_compte_les_messages_non_lus(instructeur):
    depose = dossier_depose()
    depose.edition.instructeurs.add(instructeur)
    for texte in ("Bonjour", "Pouvez-vous préciser le calendrier ?"):
        message_envoyer(dossier=depose, par=instructeur, texte=texte, cote=Cote.INSTRUCTION)
    texte = connecte(candidat(depose.structure)).get(page(depose)).text
    assert "2 messages non lus" in texte


# --- Retrait, suppression, compléments ----------------------------------------------


def test_le_retrait_demande_confirmation_et_garde_le_motif():
    depose = dossier_depose()
    user = candidat(depose.structure)
    client = connecte(user)
    assert "Oui, retirer ce dossier" in client.get(action("retirer", depose)).text

    client.post(action("retirer", depose), {"motif": "Projet reporté à l'an prochain"})

    depose.refresh_from_db()
    assert depose.statut == Statut.SANS_SUITE
    etape = depose.historique.order_by("-pk").first()
    assert (etape.vers, etape.par, etape.motif) == (
        Statut.SANS_SUITE,
        user,
        "Projet reporté à l'an prochain",
    )


def test_un_candidat_supprime_son_brouillon_mais_pas_un_dossier_depose(dossier, membre):
    assert membre.get(action("supprimer", dossier)).status_code == 200
    reponse = membre.post(action("supprimer", dossier))
    assert reponse.status_code == 302 and reponse["Location"] == reverse("projets:espace")
    assert not Dossier.objects.filter(pk=dossier.pk).exists()
    assert not LigneBudget.objects.filter(dossier_id=dossier.pk).exists()

    depose = dossier_depose()
    connecte(candidat(depose.structure)).post(action("supprimer", depose))
    assert Dossier.objects.filter(pk=depose.pk).exists()


def test_apres_une_demande_de_complements_le_candidat_modifie_et_renvoie(instructeur):
    depose = dossier_depose()
    depose.edition.instructeurs.add(instructeur)
    depose.ouvrir_instruction(par=instructeur)
    echeance = timezone.now() + timedelta(days=7)
    depose.demander_complements(par=instructeur, texte="Joignez un devis.", echeance=echeance)
    depose.refresh_from_db()
    client = connecte(candidat(depose.structure))

    texte = client.get(page(depose)).text
    assert "Joignez un devis." in texte and 'id="formulaire-dossier"' in texte
    client.post(action("completer", depose), saisie(depose, calendrier="Devis joint."))

    depose.refresh_from_db()
    assert (depose.statut, depose.calendrier) == (Statut.EN_INSTRUCTION, "Devis joint.")
    assert depose.demandes_complement.get().completee_le is not None


def test_apres_l_echeance_des_complements_le_dossier_ne_se_modifie_plus(instructeur):
    depose = dossier_depose()
    depose.ouvrir_instruction(par=instructeur)
    echeance = timezone.now().replace(microsecond=0) + timedelta(days=3)
    depose.demander_complements(par=instructeur, texte="Un devis.", echeance=echeance)
    user = candidat(depose.structure)
    with time_machine.travel(echeance + timedelta(seconds=1), tick=False):
        client = connecte(user)
        texte = client.get(page(depose)).text
        reponse = client.post(action("completer", depose), saisie(depose, calendrier="Tard"))
    assert 'id="formulaire-dossier"' not in texte
    assert "L'échéance des compléments est passée" in texte
    assert reponse.status_code == 302
    depose.refresh_from_db()
    assert (depose.statut, depose.calendrier) == (Statut.A_COMPLETER, "")
