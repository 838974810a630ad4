"""Les règles de typographie française que vérifient les tests, sur le texte que
lit le visiteur : celui d'une page (hors balises, scripts, styles et attributs) ou
d'un courriel.

- une espace ordinaire avant « : ; ! ? », « € » ou « % », ou à l'intérieur des
  guillemets : le signe peut partir seul à la ligne (il faut l'insécable U+00A0
  avant « : », « € » et à l'intérieur des guillemets, la fine U+202F avant
  « ; ! ? » et « % ») ; de même entre les milliers d'un nombre (« 20 000 »)
  et dans une heure (« 18 h ») ;
- « 1 octobre » au lieu de « 1er octobre » ;
- « e-mail », « email », « mail » au lieu de « courriel » (les adresses ôtées)."""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

RACINE = Path(settings.BASE_DIR)
APPLICATIONS = [
    "brest_numerique",
    "commentaires",
    "internet_pour_tous",
    "papi",
    "programmes",
    "projets",
]

MOIS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
REGLES = {
    "espace ordinaire avant un signe double": re.compile(r"\S[ \t\r\n]+[:;!?]"),
    "espace ordinaire avant €": re.compile(r"\S[ \t\r\n]+€"),
    "espace ordinaire avant %": re.compile(r"\d[ \t\r\n]+%(?=\s|[,.;)]|$)"),
    "espace ordinaire à l'intérieur des guillemets": re.compile(r"«[ \t\r\n]|\S[ \t\r\n]+»"),
    "espace ordinaire dans une heure": re.compile(r"(?<![\d,.])\d{1,2}[ \t\r\n]h(?![\w])"),
    "espace ordinaire entre les milliers": re.compile(r"(?<![\d,.])\d{1,3}(?: \d{3})+(?![\d])"),
    "« 1 » au lieu de « 1er » devant le mois": re.compile(
        rf"(?<![\d,.])1[ \u00a0\u202f](?:{MOIS})\b"
    ),
    "« e-mail » au lieu de « courriel »": re.compile(
        r"(?<![\w@.-])(?:e-?mails?|mails?)(?![\w@-])", re.IGNORECASE
    ),
}
ADRESSE = re.compile(r"\S+@\S+")
# Les variables d'une chaîne à traduire (« %(email)s »), qui ne sont pas du texte.
VARIABLE = re.compile(r"%\(\w+\)[sd]")


def defauts(texte: str) -> list[str]:
    """Les défauts du texte, chacun avec son entourage pour le retrouver."""
    texte = VARIABLE.sub("X", ADRESSE.sub("", texte))
    trouves = []
    for nom, regle in REGLES.items():
        for m in regle.finditer(texte):
            debut, fin = max(m.start() - 30, 0), m.end() + 10
            entourage = " ".join(texte[debut:fin].split())
            trouves.append(f"{nom} : …{entourage}…")
    return trouves


class _TexteVisible(HTMLParser):
    MASQUES = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.morceaux: list[str] = []
        self._masque = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.MASQUES:
            self._masque += 1

    def handle_endtag(self, tag):
        if tag in self.MASQUES and self._masque:
            self._masque -= 1

    def handle_data(self, data):
        if not self._masque:
            self.morceaux.append(data)


def texte_visible(html: str) -> str:
    lecteur = _TexteVisible()
    lecteur.feed(html)
    lecteur.close()
    return "".join(lecteur.morceaux)


def gabarits_du_portail():
    """Les gabarits du portail (pages, courriels, PDF), pas ceux des paquets."""
    for dossier in [RACINE / "templates", *(RACINE / a / "templates" for a in APPLICATIONS)]:
        yield from sorted(dossier.rglob("*.html"))
        yield from sorted(dossier.rglob("*.txt"))
