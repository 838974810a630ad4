"""Les rubriques de la navigation principale.

Chaque application déclare les siennes depuis le `ready()` de sa configuration :
`enregistrer(Rubrique(_("Libellé"), "application:nom_d_url", ordre))`. Ce module ne
connaît aucune application par son nom ; le processeur de contexte
(`context_processors.portail`) construit le menu à partir du registre. Une rubrique
dont l'URL n'existe pas est une erreur, jamais une rubrique qui disparaît en
silence : un test inverse chacune.
"""

from dataclasses import dataclass

from brest_numerique.registre import EnConflit, Registre


@dataclass(frozen=True)
class Rubrique:
    libelle: str  # gettext_lazy : traduit à l'affichage
    url_name: str  # nom d'URL avec son espace de noms, passé à reverse()
    ordre: int  # place dans le menu, du plus petit au plus grand


class RubriqueEnConflit(EnConflit):
    """Deux définitions différentes pour un même nom d'URL."""


_REGISTRE: Registre[Rubrique] = Registre(
    "La rubrique", lambda rubrique: rubrique.url_name, RubriqueEnConflit
)
# Ajoute des rubriques au menu (voir brest_numerique/registre.py).
enregistrer = _REGISTRE.enregistrer


def rubriques() -> list[Rubrique]:
    """Les rubriques enregistrées, dans l'ordre du menu."""
    return sorted(_REGISTRE.values(), key=lambda r: (r.ordre, r.url_name))
