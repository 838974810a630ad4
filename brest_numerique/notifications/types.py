"""Les sortes de notifications que le portail envoie.

Une sorte essentielle (sécurité du compte, accusés de réception, décisions) part
toujours ; les autres peuvent être refusées par leur destinataire, depuis sa page
de compte ou par le lien de désinscription présent dans chaque message.

Chaque application déclare ses sortes dans son module `notifications.py` et les
enregistre depuis le `ready()` de sa configuration : `enregistrer(*SORTES)`. Ce
module ne connaît aucune application par son nom.
"""

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Sorte:
    code: str
    libelle: str  # gettext_lazy : traduit à l'affichage
    essentielle: bool
    # Action (voir comptes/roles.py) de ceux qui reçoivent cette sorte : les
    # préférences d'un compte ne proposent que ce qui peut lui parvenir.
    action: str | None = None
    # Le courriel porte un secret qui ouvre un compte (lien de réinitialisation du
    # mot de passe, de confirmation d'adresse) : son corps est effacé une fois son
    # sort réglé, n'est jamais montré dans l'administration et ne se renvoie pas.
    sensible: bool = False


_REGISTRE: dict[str, Sorte] = {}

# Lecture seule : on n'ajoute une sorte que par enregistrer(), qui refuse les conflits.
SORTES = MappingProxyType(_REGISTRE)


class SorteEnConflit(ValueError):
    """Deux définitions différentes pour un même code de sorte."""


def enregistrer(*sortes: Sorte) -> None:
    """Ajoute les sortes d'une application au registre.

    Enregistrer de nouveau une sorte identique ne fait rien (un `ready()` peut être
    rejoué, dans les tests par exemple) ; un même code avec une autre définition est
    une erreur : deux applications se disputeraient ses gabarits et ses
    désinscriptions."""
    for nouvelle in sortes:
        existante = _REGISTRE.get(nouvelle.code)
        if existante is not None and existante != nouvelle:
            raise SorteEnConflit(
                f"La sorte de notification « {nouvelle.code} » est déjà enregistrée "
                f"avec une autre définition : {existante!r}"
            )
    # Tout ou rien : un conflit au milieu de la liste n'en enregistre aucune.
    for nouvelle in sortes:
        _REGISTRE[nouvelle.code] = nouvelle


def sorte(code: str) -> Sorte:
    try:
        return _REGISTRE[code]
    except KeyError:
        raise ValueError(f"Sorte de notification inconnue : {code}") from None


def codes_sensibles() -> list[str]:
    return [s.code for s in _REGISTRE.values() if s.sensible]


def sortes_facultatives(user=None) -> list[Sorte]:
    from brest_numerique.comptes.roles import peut

    return [
        s
        for s in _REGISTRE.values()
        if not s.essentielle and (s.action is None or (user is not None and peut(user, s.action)))
    ]
