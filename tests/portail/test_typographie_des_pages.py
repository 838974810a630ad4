"""La typographie française sur tout le portail, vérifiée sur ce que lit le
visiteur : chaque page de la table rôle × URL rendue (texte visible), puis le texte
écrit dans chaque gabarit (pages et courriels, y compris ceux qu'aucune page de la
table n'atteint) et chaque chaîne à traduire du code Python. Les règles :
tests/portail/typographie.py."""

import ast
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.base import Lexer, TokenType
from django.test import Client

from tests.portail.test_adresses_par_role import (  # noqa: F401 (fixture)
    ATTENDU,
    _url,
    adresses_du_portail,
    arguments,
)
from tests.portail.typographie import (
    APPLICATIONS,
    RACINE,
    REGLES,
    defauts,
    gabarits_du_portail,
    texte_visible,
)


@pytest.fixture
def premier_octobre():
    """Toutes les dates des données du test tombent le 1er octobre : une date écrite
    « 1 octobre » se voit sur la page."""
    moment = datetime(2026, 10, 1, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    with time_machine.travel(moment, tick=True):
        yield


@pytest.mark.django_db
# L'anonyme voit les pages publiques, le superutilisateur toutes les autres (celles
# du compte comme celles du personnel) : deux passages couvrent la table.
@pytest.mark.parametrize("profil", ["anonyme", "administrateur"])
def test_aucune_page_du_portail_ne_montre_de_faute_de_typographie(
    premier_octobre,
    request,
    arguments,  # noqa: F811 (la fixture importée)
    profil,
):
    client = Client(raise_request_exception=False)
    if profil != "anonyme":
        client.force_login(request.getfixturevalue(profil))
    fautes: dict[str, set[str]] = {}
    for nom, motif in adresses_du_portail():
        if nom not in ATTENDU or ATTENDU[nom][profil] != 200:
            continue
        reponse = client.get(_url(nom, motif, arguments))
        if not reponse.get("Content-Type", "").startswith("text/html"):
            continue
        trouvees = defauts(texte_visible(reponse.content.decode()))
        if trouvees:
            fautes[nom] = set(trouvees)
    assert not fautes, "\n".join(f"{nom} : {sorted(f)}" for nom, f in sorted(fautes.items()))


def texte_du_gabarit(source: str, html: bool) -> str:
    """Le texte écrit dans le gabarit : le texte hors balises de gabarit et hors
    {% comment %}, les chaînes de {% translate %}, et « X » à la place de chaque
    {{ variable }} (« {{ montant }} € » devient « X € »)."""
    morceaux = []
    commentaire = False
    for jeton in Lexer(source).tokenize():
        if jeton.token_type == TokenType.BLOCK and jeton.contents in {"comment", "endcomment"}:
            commentaire = jeton.contents == "comment"
        elif commentaire:
            continue
        elif jeton.token_type == TokenType.TEXT:
            morceaux.append(jeton.contents)
        elif jeton.token_type == TokenType.VAR:
            morceaux.append("X")
        elif jeton.token_type == TokenType.BLOCK:
            mots = jeton.split_contents()
            if mots[0] in {"translate", "trans"} and len(mots) > 1:
                morceaux.append(mots[1][1:-1])
    texte = "".join(morceaux)
    return texte_visible(texte) if html else texte


def test_aucun_gabarit_n_ecrit_de_faute_de_typographie():
    fautes = {}
    for chemin in gabarits_du_portail():
        texte = texte_du_gabarit(chemin.read_text(), html=chemin.suffix == ".html")
        if trouvees := defauts(texte):
            fautes[str(chemin.relative_to(RACINE))] = trouvees
    assert not fautes, "\n".join(f"{c} : {f}" for c, f in sorted(fautes.items()))


FONCTIONS_DE_TRADUCTION = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}


def chaines_a_traduire(source: str):
    """Les chaînes littérales passées aux fonctions de traduction."""
    for noeud in ast.walk(ast.parse(source)):
        if isinstance(noeud, ast.Call):
            fonction = getattr(noeud.func, "id", None) or getattr(noeud.func, "attr", None)
            if fonction in FONCTIONS_DE_TRADUCTION:
                for argument in noeud.args:
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        yield argument.value


def test_aucune_chaine_a_traduire_du_code_n_ecrit_de_faute_de_typographie():
    fautes = {}
    for application in APPLICATIONS:
        for chemin in sorted((RACINE / application).rglob("*.py")):
            if "migrations" in chemin.parts:
                continue
            for chaine in chaines_a_traduire(chemin.read_text()):
                if trouvees := defauts(chaine):
                    fautes.setdefault(str(chemin.relative_to(RACINE)), []).extend(trouvees)
    assert not fautes, "\n".join(f"{c} : {f}" for c, f in sorted(fautes.items()))


def test_les_regles_reconnaissent_chaque_faute_et_laissent_le_texte_juste():
    assert len(defauts("Adresse : 1 octobre, 1,10 €, 20 000 lieux ; oui ! non ? un e-mail")) == 8
    juste = "Adresse\u00a0: 1er octobre, 1,10\u00a0€, 20\u00a0000 lieux\u202f; oui\u202f! non\u202f? un courriel"
    assert defauts(juste) == []
    assert defauts("écrire à camille.mail@example.org ou mail@example.org") == []
    assert set(REGLES) == {
        f.split(" : ")[0] for f in defauts("a : 1 mai 1 000 € email, 70 % « à 9 h »")
    }
    juste = "70\u202f% des dépenses, «\u00a0ouvert à 18\u00a0h\u00a030\u00a0»"
    assert defauts(juste) == []


def test_le_texte_visible_ignore_balises_scripts_styles_et_attributs():
    html = '<p title="a : b">Oui<script>x ? y : z</script><style>a :hover{}</style> !</p>'
    assert texte_visible(html) == "Oui !"
    assert (
        texte_du_gabarit('{% translate "Bonjour !" %} {{ montant }} €', html=False)
        == "Bonjour ! X €"
    )
