"""Un dossier de l'appel à projets de bout en bout dans Chromium : une personne crée
son compte, déclare son association, écrit son projet et son budget, joint une
pièce, dépose (accusé de réception) ; l'instructeur demande des compléments, elle
complète et renvoie, il déclare le dossier prêt pour le jury. axe-core sur la page
de l'édition, le formulaire, l'espace candidat, la liste d'instruction et la page
du dossier côté instruction."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from brest_numerique.comptes.roles import Role
from projets.models import Dossier
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.navigateur.outils import (
    attendre_la_fin_du_chargement,
    champs_sans_etiquette,
    ouvrir,
    verifier_accessibilite,
)
from tests.navigateur.test_comptes import se_connecter
from tests.projets.factories import EditionFactory, brest
from tests.projets.fichiers_exemples import pdf

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

COURRIEL = "katell@asso-kerourien.exemple.fr"
MOT_DE_PASSE_CANDIDATE = "un-mot-de-passe-bien-long"


def _cliquer(page: Page, nom: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=nom).click()
    attendre_la_fin_du_chargement(page)


def _creer_son_compte(onglet: Page) -> None:
    ouvrir(onglet, "/compte/signup/")
    onglet.get_by_label("Adresse électronique").fill(COURRIEL)
    onglet.locator("#id_password1").fill(MOT_DE_PASSE_CANDIDATE)
    onglet.locator("#id_password2").fill(MOT_DE_PASSE_CANDIDATE)
    _cliquer(onglet, "Créer mon compte")
    confirmation = next(m for m in mail.outbox if m.to == [COURRIEL])
    lien = re.search(r"https?://\S+/compte/confirm-email/\S+/", confirmation.body).group(0)
    ouvrir(onglet, "/" + lien.split("/", 3)[3])
    _cliquer(onglet, "Confirmer")
    expect(onglet.locator("main")).to_contain_text(f"Vous avez confirmé {COURRIEL}")
    se_connecter(onglet, COURRIEL, MOT_DE_PASSE_CANDIDATE)


def _declarer_sa_structure(onglet: Page) -> None:
    ouvrir(onglet, "/appels-a-projets/espace/")
    verifier_accessibilite(onglet)
    with onglet.expect_navigation():
        onglet.get_by_role("link", name="Déclarer ma structure").first.click()
    onglet.get_by_label("Type de structure").select_option(label="Association")
    onglet.get_by_label("Nom de la structure").fill("Centre social de Kerourien")
    onglet.get_by_label("Numéro RNA (associations)").fill("W291012345")
    onglet.get_by_label("Adresse").fill("12 rue Père Ricard")
    onglet.get_by_label("Code postal").fill("29200")
    onglet.get_by_label("Commune").select_option(label="Brest")
    onglet.get_by_label("Personne à contacter").fill("Katell Le Goff")
    onglet.get_by_label("Courriel de contact").fill(COURRIEL)
    _cliquer(onglet, "Créer la structure")


def _ecrire_le_dossier(onglet: Page) -> None:
    ouvrir(onglet, "/appels-a-projets/espace/")
    with onglet.expect_navigation():
        onglet.get_by_role("link", name="Nouveau dossier").click()
    onglet.get_by_label("Titre du projet").fill("Webradio des habitants de Kerourien")
    _cliquer(onglet, "Créer le brouillon")

    assert champs_sans_etiquette(onglet, "#formulaire-dossier") == []
    verifier_accessibilite(onglet)
    onglet.get_by_label("Résumé du projet").fill("Une émission par mois, faite par les habitants.")
    onglet.get_by_label("Description du projet").fill("Ateliers de prise de son et de montage.")
    onglet.get_by_label("Montant de la subvention demandée (€)").fill("1500")
    onglet.get_by_label("Libellé, dépense 1").fill("Animatrice radio")
    onglet.get_by_label("Montant en euros, dépense 1").fill("3 000")
    onglet.get_by_label("Libellé, recette 1").fill("Fonds propres")
    onglet.get_by_label("Montant en euros, recette 1").fill("1 500")
    _cliquer(onglet, "Enregistrer le brouillon")

    onglet.locator("#piece-fichiers").set_input_files(
        files=[{"name": "devis.pdf", "mimeType": "application/pdf", "buffer": pdf()}]
    )
    _cliquer(onglet, "Joindre au dossier")
    expect(onglet.locator("main")).to_contain_text("devis.pdf")


def test_du_compte_au_dossier_pret_pour_le_jury(
    onglet: Page, navigateur: Browser, live_server, erreurs_console: list[str]
):
    brest()
    edition = EditionFactory()
    instructeur = UserFactory(role=Role.INSTRUCTEURS)
    edition.instructeurs.add(instructeur)

    # 1. La candidate lit l'appel, crée son compte, déclare sa structure.
    ouvrir(onglet, "/appels-a-projets/")
    expect(onglet.locator("h1")).to_contain_text(edition.titre)
    verifier_accessibilite(onglet)
    _creer_son_compte(onglet)
    _declarer_sa_structure(onglet)

    # 2. Le brouillon, son budget et sa pièce ; puis le dépôt et son accusé.
    _ecrire_le_dossier(onglet)
    _cliquer(onglet, "Enregistrer et déposer le dossier")
    dossier = Dossier.objects.get()
    assert dossier.statut == Dossier.Statut.DEPOSE
    expect(onglet.locator("main")).to_contain_text(dossier.numero)
    accuse = [m for m in mail.outbox if m.to == [COURRIEL] and dossier.numero in m.subject]
    assert len(accuse) == 1
    ouvrir(onglet, "/appels-a-projets/espace/")
    expect(onglet.locator("main")).to_contain_text(dossier.numero)

    # 3. L'instructeur ouvre la liste, le dossier, et demande des compléments.
    contexte = navigateur.new_context(locale="fr-FR", base_url=live_server.url)
    contexte.set_default_timeout(10_000)
    instruction = contexte.new_page()
    instruction.on(
        "console",
        lambda m: m.type == "error" and erreurs_console.append(f"[instruction] {m.text}"),
    )
    ouvrir(instruction, "/compte/login/?next=/instruction/")
    se_connecter(instruction, instructeur.email, MOT_DE_PASSE)
    assert instruction.url.endswith(f"/instruction/{edition.annee}/")
    verifier_accessibilite(instruction)
    with instruction.expect_navigation():
        instruction.get_by_role("link", name=dossier.titre).first.click()
    verifier_accessibilite(instruction)
    _cliquer(instruction, "Passer en instruction")
    instruction.get_by_label("Ce qui manque au dossier").fill("Le devis signé du matériel.")
    echeance = timezone.localdate() + timedelta(days=10)
    instruction.get_by_label("À renvoyer au plus tard le").fill(echeance.isoformat())
    _cliquer(instruction, "Demander les compléments")
    dossier.refresh_from_db()
    assert dossier.statut == Dossier.Statut.A_COMPLETER

    # 4. La candidate, prévenue, complète et renvoie.
    assert any("compléments" in m.subject for m in mail.outbox if m.to == [COURRIEL])
    ouvrir(onglet, dossier_url := f"/appels-a-projets/dossiers/{dossier.pk}/")
    expect(onglet.locator("main")).to_contain_text("Le devis signé du matériel.")
    onglet.get_by_label("Description du projet").fill(
        "Ateliers de prise de son et de montage ; devis signé joint."
    )
    _cliquer(onglet, "Enregistrer et renvoyer le dossier complété")
    dossier.refresh_from_db()
    assert dossier.statut == Dossier.Statut.EN_INSTRUCTION
    assert "devis signé joint" in dossier.description

    # 5. L'instructeur, prévenu, déclare le dossier prêt pour le jury.
    assert any(dossier.numero in m.subject for m in mail.outbox if m.to == [instructeur.email])
    instruction.reload()
    _cliquer(instruction, "Le dossier est prêt pour le jury")
    dossier.refresh_from_db()
    assert dossier.statut == Dossier.Statut.PRET_POUR_JURY
    ouvrir(onglet, dossier_url)
    expect(onglet.locator("main")).to_contain_text("Prêt pour le jury")
    contexte.close()
    assert erreurs_console == []
