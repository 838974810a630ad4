"""« 0 lieu trouvé » : en français, zéro prend le singulier. Le catalogue du portail
(locale/fr/LC_MESSAGES/django.po) le dit (Plural-Forms: n > 1), mais un message au
pluriel absent de tout catalogue retombe sur la règle anglaise (n == 1) et écrit
« 0 lieux ». Chaque message au pluriel du portail, dans un gabarit
({% blocktranslate count %}) comme dans le code (ngettext), doit donc avoir son
entrée dans le catalogue compilé (django.mo)."""

import ast

from django.template import engines
from django.templatetags.i18n import BlockTranslateNode
from django.utils import translation

from tests.portail.typographie import APPLICATIONS, RACINE, gabarits_du_portail

FONCTIONS_AU_PLURIEL = {"ngettext": 0, "ngettext_lazy": 0, "npgettext": 1, "npgettext_lazy": 1}


def pluriels_des_gabarits():
    """(singulier, pluriel, contexte) de chaque {% blocktranslate count %}, tels que
    Django les cherche dans le catalogue au rendu (variables en %(nom)s, trimmed)."""
    moteur = engines["django"].engine
    for chemin in gabarits_du_portail():
        gabarit = moteur.from_string(chemin.read_text())
        for noeud in gabarit.nodelist.get_nodes_by_type(BlockTranslateNode):
            if noeud.plural and noeud.countervar:
                singulier, _ = noeud.render_token_list(noeud.singular)
                pluriel, _ = noeud.render_token_list(noeud.plural)
                contexte = noeud.message_context.var if noeud.message_context else None
                yield chemin, singulier, pluriel, contexte


def pluriels_du_code():
    for application in APPLICATIONS:
        for chemin in sorted((RACINE / application).rglob("*.py")):
            if "migrations" in chemin.parts:
                continue
            for noeud in ast.walk(ast.parse(chemin.read_text())):
                if not isinstance(noeud, ast.Call):
                    continue
                nom = getattr(noeud.func, "id", None) or getattr(noeud.func, "attr", None)
                if nom not in FONCTIONS_AU_PLURIEL:
                    continue
                decalage = FONCTIONS_AU_PLURIEL[nom]
                textes = [a.value for a in noeud.args if isinstance(a, ast.Constant)]
                contexte = textes[0] if decalage else None
                singulier, pluriel = textes[decalage : decalage + 2]
                yield chemin, singulier, pluriel, contexte


def _entree_po(singulier, pluriel, contexte):
    def chaine(texte):
        return '"' + texte.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lignes = [f"msgctxt {chaine(contexte)}"] if contexte else []
    lignes += [
        f"msgid {chaine(singulier)}",
        f"msgid_plural {chaine(pluriel)}",
        f"msgstr[0] {chaine(singulier)}",
        f"msgstr[1] {chaine(pluriel)}",
    ]
    return "\n".join(lignes)


def test_zero_prend_le_singulier_dans_chaque_message_au_pluriel_du_portail():
    messages = [*pluriels_des_gabarits(), *pluriels_du_code()]
    assert len(messages) > 10  # les deux recherches trouvent bien les messages
    absents = []
    with translation.override("fr"):
        for _chemin, singulier, pluriel, contexte in messages:
            if contexte:
                zero = translation.npgettext(contexte, singulier, pluriel, 0)
                deux = translation.npgettext(contexte, singulier, pluriel, 2)
            else:
                zero = translation.ngettext(singulier, pluriel, 0)
                deux = translation.ngettext(singulier, pluriel, 2)
            if singulier != pluriel and (zero == pluriel or deux == singulier):
                absents.append(_entree_po(singulier, pluriel, contexte))
    # Le message d'échec donne les entrées à ajouter au catalogue, puis :
    # msgfmt -o locale/fr/LC_MESSAGES/django.mo locale/fr/LC_MESSAGES/django.po
    assert not absents, "Entrées à ajouter au catalogue :\n\n" + "\n\n".join(sorted(set(absents)))


def test_le_catalogue_donne_bien_le_singulier_a_zero():
    with translation.override("fr"):
        assert translation.ngettext("%d lieu publié.", "%d lieux publiés.", 0) == "%d lieu publié."
        assert (
            translation.ngettext("%d lieu publié.", "%d lieux publiés.", 2) == "%d lieux publiés."
        )
