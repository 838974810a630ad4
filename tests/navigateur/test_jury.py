"""Du jury aux lauréats dans Chromium : une jurée se connecte, déclare un conflit
d'intérêts sur un dossier et en note deux (soumis) ; l'instructeur lit le
classement, retient un dossier avec son montant, enregistre la délibération du
conseil qui le vote, publie les résultats ; la page des lauréats montre le projet.
axe-core sur l'accueil et l'évaluation de la jurée, le classement, les lauréats, la
fiche du lauréat et les statistiques.

Les données qui ne sont pas le sujet (édition, dossiers en jury, notes des deux
autres jurés, décisions des dossiers non retenus) sont bâties par les fabriques."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from brest_numerique.comptes.roles import Role
from projets.deliberation import services as deliberation
from projets.deliberation.models import Decision
from projets.jury.models import Evaluation, Note
from projets.models import Dossier
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.navigateur.outils import attendre_la_fin_du_chargement, ouvrir, verifier_accessibilite
from tests.navigateur.test_comptes import se_connecter
from tests.projets.factories import brest
from tests.projets.jury.factories import jure_factory, jury_avec_notes

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

TITRES = [
    "Cantine numérique des habitants de Kerourien",
    "Fablab de poche au pied des tours",
    "Tablettes partagées pour les aînés de Bohars",
]


def _cliquer(page: Page, nom: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=nom, exact=True).click()
    attendre_la_fin_du_chargement(page)


def _onglet(navigateur: Browser, live_server, erreurs: list[str], nom: str) -> Page:
    contexte = navigateur.new_context(locale="fr-FR", base_url=live_server.url)
    contexte.set_default_timeout(10_000)
    page = contexte.new_page()
    page.on("console", lambda m: m.type == "error" and erreurs.append(f"[{nom}] {m.text}"))
    page.on("pageerror", lambda e: erreurs.append(f"[{nom}] Exception JavaScript : {e}"))
    return page


def _noter(onglet: Page, evaluation: Evaluation, valeurs: list[int]) -> None:
    ouvrir(onglet, f"/jury/{evaluation.pk}/")
    criteres = evaluation.dossier.edition.criteres.order_by("ordre", "pk")
    for critere, valeur in zip(criteres, valeurs, strict=True):
        grille = onglet.locator("fieldset.critere").filter(has_text=critere.libelle)
        grille.get_by_label(str(valeur), exact=True).check()
    onglet.locator("fieldset.critere").filter(has_text="Appréciation d'ensemble").get_by_label(
        "Favorable", exact=True
    ).check()
    _cliquer(onglet, "Soumettre mes notes")


def test_de_la_notation_du_jury_a_la_page_des_laureats(
    onglet: Page, navigateur: Browser, live_server, erreurs_console: list[str]
):
    brest()
    jure = jure_factory(email="maelle.jury@exemple.fr")
    autres = [jure_factory(), jure_factory()]
    note = jury_avec_notes(jures=[jure, *autres], dossiers=3, defaut="soumise")
    edition = note.edition
    for i, titre in enumerate(TITRES):
        Dossier.objects.filter(pk=note.dossiers[i].pk).update(titre=titre)
    # La jurée du navigateur n'a encore rien noté : ses trois évaluations sont à noter.
    a_elle = [note.evaluations[(i, 0)] for i in range(3)]
    Evaluation.objects.filter(pk__in=[e.pk for e in a_elle]).update(
        statut=Evaluation.Statut.A_NOTER, avis="", soumise_le=None
    )
    Note.objects.filter(evaluation__in=a_elle).delete()
    instructeur = UserFactory(role=Role.INSTRUCTEURS)
    edition.instructeurs.add(instructeur)

    # 1. La jurée : ses dossiers, un conflit d'intérêts, deux dossiers notés et soumis.
    ouvrir(onglet, "/compte/login/?next=/jury/")
    se_connecter(onglet, jure.email, MOT_DE_PASSE)
    assert onglet.url.endswith("/jury/")
    expect(onglet.locator("main")).to_contain_text("0 sur 3 noté")
    verifier_accessibilite(onglet)
    with onglet.expect_navigation():
        onglet.get_by_role("link", name=TITRES[0]).click()
    verifier_accessibilite(onglet)
    with onglet.expect_navigation():
        onglet.get_by_role("link", name="Déclarer un conflit d'intérêts sur ce dossier").click()
    onglet.get_by_label("Nature du conflit d'intérêts").fill(
        "Je suis trésorière bénévole de cette structure."
    )
    _cliquer(onglet, "Déclarer le conflit d'intérêts")
    expect(onglet.locator("main")).to_contain_text("Conflit d'intérêts déclaré")
    _noter(onglet, a_elle[1], [5, 4])
    _noter(onglet, a_elle[2], [2, 3])
    statuts = dict(Evaluation.objects.filter(jure=jure).values_list("dossier_id", "statut"))
    assert [statuts[d.pk] for d in note.dossiers] == ["conflit", "soumise", "soumise"]
    ouvrir(onglet, "/jury/")
    expect(onglet.locator("main")).to_contain_text("2 sur 2 notés")

    # 2. L'instructeur : le classement, la décision, la délibération, la publication.
    instruction = _onglet(navigateur, live_server, erreurs_console, "instruction")
    ouvrir(instruction, f"/compte/login/?next=/instruction/{edition.annee}/classement/")
    se_connecter(instruction, instructeur.email, MOT_DE_PASSE)
    assert instruction.url.endswith(f"/instruction/{edition.annee}/classement/")
    classement = instruction.locator("main table tbody tr")
    expect(classement).to_have_count(3)
    # Le fablab (5 et 4 de la jurée, 3 des deux autres) passe devant la cantine (3 seuls).
    expect(classement.first).to_contain_text(TITRES[1])
    expect(classement.first).to_contain_text("3,53")
    verifier_accessibilite(instruction)
    with instruction.expect_navigation():
        classement.first.get_by_role("link", name="Décider").click()
    instruction.get_by_label("Retenu", exact=True).check()
    instruction.get_by_label("Montant accordé (€)").fill("1200")
    instruction.get_by_label("Forme de l'aide").select_option(label="Subvention")
    _cliquer(instruction, "Enregistrer la décision")
    fablab = Dossier.objects.select_related("decision").get(pk=note.dossiers[1].pk)
    assert fablab.statut == Dossier.Statut.RETENU
    assert fablab.decision.montant_accorde == 1200
    for dossier in (note.dossiers[0], note.dossiers[2]):
        deliberation.decider(
            dossier,
            sens=Decision.Sens.NON_RETENU,
            motivation="Classé après les projets retenus.",
            par=instructeur,
        )

    ouvrir(instruction, f"/instruction/{edition.annee}/deliberations/")
    instruction.get_by_label("Numéro de la délibération").fill("DEL-2026-0142")
    instruction.get_by_label("Date du conseil").fill(
        (timezone.localdate() - timedelta(days=1)).isoformat()
    )
    instruction.get_by_label(TITRES[1], exact=False).check()
    _cliquer(instruction, "Enregistrer la délibération")
    fablab.refresh_from_db()
    assert fablab.statut == Dossier.Statut.VOTE
    _cliquer(instruction, "Publier les résultats")
    expect(instruction.locator("main")).to_contain_text("Résultats publiés")
    edition.refresh_from_db()
    assert edition.resultats_publies_le is not None

    # 3. Le public : la page des lauréats, la fiche du projet, les statistiques.
    public = _onglet(navigateur, live_server, erreurs_console, "public")
    ouvrir(public, f"/appels-a-projets/{edition.annee}/laureats/")
    expect(public.locator("main")).to_contain_text(TITRES[1])
    expect(public.locator("main")).not_to_contain_text(TITRES[0])
    verifier_accessibilite(public)
    with public.expect_navigation():
        public.locator("main").get_by_role("link", name=TITRES[1]).first.click()
    expect(public.locator("h1")).to_contain_text(TITRES[1])
    verifier_accessibilite(public)
    ouvrir(public, "/appels-a-projets/statistiques/")
    expect(public.locator("main")).to_contain_text(str(edition.annee))
    verifier_accessibilite(public)
    assert erreurs_console == []
