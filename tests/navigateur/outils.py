"""Gestes et contrôles communs aux tests dans le navigateur (Playwright, axe-core)."""

import time

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Response

IMPACTS_BLOQUANTS = ("critical", "serious")
IMPACTS = {"critical": "critique", "serious": "grave", "moderate": "modérée", "minor": "mineure"}

# Les champs qu'un usager remplit, sans étiquette associée (<label for>, label
# englobant) : le nom de champ ou son aria-label ne suffisent pas au RGAA.
_CHAMPS_SANS_ETIQUETTE = """formulaire => Array.from(
    formulaire.querySelectorAll("input, select, textarea")
).filter(champ => !["hidden", "submit", "button", "reset"].includes(champ.type))
 .filter(champ => !Array.from(champ.labels || []).some(l => l.textContent.trim()))
 .map(champ => champ.outerHTML)"""


def ouvrir(page: Page, chemin: str) -> Response:
    """Charge une page et attend que le réseau se taise.

    L'attente laisse arriver les erreurs tardives (icône de site, feuille de
    style, script) avant que le test ne regarde la console.
    """
    reponse = page.goto(chemin)
    assert reponse is not None, f"Aucune réponse pour {chemin}"
    page.wait_for_load_state("networkidle")
    return reponse


# Le délai sous lequel le serveur refuse un commentaire comme venant d'un robot
# (commentaires.forms.DELAI_MIN, 3 s), avec une marge.
DELAI_HUMAIN = 3.1


def attendre_le_delai_humain(page: Page, depuis: float) -> None:
    """Attend que DELAI_HUMAIN secondes se soient écoulées depuis `depuis`, l'instant
    (time.monotonic()) où la page du formulaire a fini de charger, donc après que le
    serveur l'a horodatée : l'envoi qui suit arrive au moins DELAI_HUMAIN secondes
    après l'horodatage, comme avec une attente fixe, sans refaire attendre le temps
    que le test a déjà passé à remplir et vérifier le formulaire."""
    reste = depuis + DELAI_HUMAIN - time.monotonic()
    if reste > 0:
        page.wait_for_timeout(reste * 1000)


def champs_sans_etiquette(page: Page, formulaire: str = "main form") -> list[str]:
    """Le code HTML des champs du formulaire qui n'ont pas d'étiquette."""
    champs = page.locator(formulaire)
    assert champs.count() == 1, f"{champs.count()} formulaire(s) « {formulaire} » sur {page.url}"
    return champs.evaluate(_CHAMPS_SANS_ETIQUETTE)


def resumer_violations(violations: list[dict], adresse: str) -> str:
    """Un compte rendu lisible des violations relevées par axe-core."""
    if not violations:
        return f"axe-core : aucune violation sur {adresse}."
    lignes = [f"axe-core : {len(violations)} violation(s) sur {adresse}"]
    for violation in violations:
        impact = IMPACTS.get(violation["impact"], violation["impact"])
        lignes.append(
            f"- [{impact}] {violation['id']} : {violation['help']} "
            f"({len(violation['nodes'])} élément(s)) — {violation['helpUrl']}"
        )
        for noeud in violation["nodes"][:5]:
            lignes.append(f"    · {', '.join(map(str, noeud['target']))} : {noeud['html'][:160]}")
            if noeud.get("failureSummary"):
                lignes.append("      " + noeud["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lignes)


def verifier_accessibilite(page: Page) -> None:
    """Échoue si axe-core relève une violation d'impact grave ou critique.

    Les violations modérées ou mineures sont seulement affichées. Le script
    d'axe est évalué par le protocole de débogage (page.evaluate), que la CSP ne
    filtre pas : la page garde sa vraie politique pendant l'examen, alors
    qu'une balise <script> ajoutée (page.add_script_tag) serait refusée.
    """
    resultats = Axe().run(page).response
    # Garde-fou : axe a réellement examiné la page, ce n'est pas un succès vide.
    assert resultats.get("testEngine", {}).get("name") == "axe-core", resultats
    assert resultats["passes"], f"axe-core n'a rien vérifié sur {page.url}"
    violations = resultats["violations"]
    compte_rendu = resumer_violations(violations, page.url)
    print(compte_rendu)
    bloquantes = [v for v in violations if v["impact"] in IMPACTS_BLOQUANTS]
    assert not bloquantes, compte_rendu
