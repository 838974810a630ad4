"""Les rubriques de la navigation principale.

Chaque application déclare les siennes depuis le `ready()` de sa configuration :
`enregistrer(Rubrique(_("Libellé"), "application:nom_d_url", ordre))`. Ce module ne
connaît aucune application par son nom ; le processeur de contexte
(`context_processors.portail`) construit le menu à partir du registre. Une rubrique
dont l'URL n'existe pas est une erreur, jamais une rubrique qui disparaît en
silence : un test inverse chacune.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Rubrique:
    libelle: str  # gettext_lazy : traduit à l'affichage
    url_name: str  # nom d'URL avec son espace de noms, passé à reverse()
    ordre: int  # place dans le menu, du plus petit au plus grand


class RubriqueEnConflit(ValueError):
    """Deux définitions différentes pour un même nom d'URL."""


_REGISTRE: dict[str, Rubrique] = {}


def enregistrer(*rubriques: Rubrique) -> None:
    """Ajoute des rubriques au menu. Réenregistrer une rubrique identique ne fait
    rien ; le même nom d'URL avec un autre libellé ou un autre ordre est une erreur."""
    for nouvelle in rubriques:
        existante = _REGISTRE.get(nouvelle.url_name)
        if existante is not None and existante != nouvelle:
            raise RubriqueEnConflit(
                f"La rubrique « {nouvelle.url_name} » est déjà enregistrée "
                f"avec une autre définition : {existante!r}"
            )
    for nouvelle in rubriques:
        _REGISTRE[nouvelle.url_name] = nouvelle


def rubriques() -> list[Rubrique]:
    """Les rubriques enregistrées, dans l'ordre du menu."""
    return sorted(_REGISTRE.values(), key=lambda r: (r.ordre, r.url_name))
