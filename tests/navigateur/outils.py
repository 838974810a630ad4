"""Gestes et contrôles communs aux tests dans le navigateur (Playwright, axe-core)."""

import time
from weakref import WeakKeyDictionary

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, Request, Response

IMPACTS_BLOQUANTS = ("critical", "serious")
IMPACTS = {"critical": "critique", "serious": "grave", "moderate": "modérée", "minor": "mineure"}

# Les champs qu'un usager remplit, sans étiquette associée (<label for>, label
# englobant) : le nom de champ ou son aria-label ne suffisent pas au RGAA.
_CHAMPS_SANS_ETIQUETTE = """formulaire => Array.from(
    formulaire.querySelectorAll("input, select, textarea")
).filter(champ => !["hidden", "submit", "button", "reset"].includes(champ.type))
 .filter(champ => !Array.from(champ.labels || []).some(l => l.textContent.trim()))
 .map(champ => champ.outerHTML)"""


# --- Fin d'un chargement : le réseau au repos, observé plutôt qu'attendu -------
#
# « networkidle » de Playwright attend 500 ms sans aucune requête : une demi-seconde
# fixe après chaque page, plus de 120 fois par session (le tiers du temps des tests
# dans le navigateur, passé à ne rien faire). On suit plutôt les requêtes de chaque
# contexte (conftest.py, à sa création) : le chargement est fini quand l'événement
# « load » est passé (feuilles de style, scripts, images : leurs erreurs sont
# arrivées), qu'aucune requête n'est en cours (GeoJSON de la carte, tuiles, appels
# des scripts) et qu'aucune n'a commencé ni fini depuis CALME secondes : le temps
# qu'un script lance la requête qui suit une réponse, et que la console arrive.
CALME = 0.15
# Au-delà, une requête qui ne finit pas est une erreur du test, non une attente.
ATTENTE_MAXIMALE = 15.0


class _Reseau:
    """Les requêtes en cours d'un contexte, et l'instant du dernier mouvement."""

    def __init__(self, contexte: BrowserContext) -> None:
        self.en_cours: dict[Request, str] = {}
        self.mouvement = time.monotonic()
        contexte.on("request", self._debut)
        contexte.on("requestfinished", self._fin)
        contexte.on("requestfailed", self._fin)

    def _debut(self, requete: Request) -> None:
        self.en_cours[requete] = requete.url
        self.mouvement = time.monotonic()

    def _fin(self, requete: Request) -> None:
        self.en_cours.pop(requete, None)
        self.mouvement = time.monotonic()


_RESEAUX: WeakKeyDictionary[BrowserContext, _Reseau] = WeakKeyDictionary()


def suivre_le_reseau(contexte: BrowserContext) -> BrowserContext:
    """À appeler dès la création du contexte, avant sa première page."""
    _RESEAUX[contexte] = _Reseau(contexte)
    return contexte


def attendre_la_fin_du_chargement(page: Page) -> None:
    """Attend que la page soit chargée et que le réseau de son contexte se taise."""
    page.wait_for_load_state("load")
    reseau = _RESEAUX.get(page.context)
    if reseau is None:
        # Contexte créé sans suivi : l'attente fixe de Playwright.
        page.wait_for_load_state("networkidle")
        return
    limite = time.monotonic() + ATTENTE_MAXIMALE
    while reseau.en_cours or time.monotonic() - reseau.mouvement < CALME:
        if time.monotonic() > limite:
            raise AssertionError(
                f"Le réseau ne se tait pas sur {page.url} : {sorted(reseau.en_cours.values())}"
            )
        page.wait_for_timeout(20)


def ouvrir(page: Page, chemin: str) -> Response:
    """Charge une page et attend la fin de son chargement (réseau compris).

    L'attente laisse arriver les erreurs tardives (icône de site, feuille de
    style, script) avant que le test ne regarde la console.
    """
    reponse = page.goto(chemin)
    assert reponse is not None, f"Aucune réponse pour {chemin}"
    attendre_la_fin_du_chargement(page)
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
    assert champs.count() == 1, f"{champs.count()} formulaire(s) « {formulaire} » sur {page.url}"
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
