"""Les sortes de notifications que le portail envoie.

Une sorte essentielle (sécurité du compte, accusés de réception, décisions) part
toujours ; les autres peuvent être refusées par leur destinataire, depuis sa page
de compte ou par le lien de désinscription présent dans chaque message.

Chaque application déclare ses sortes dans son module `notifications.py` et les
enregistre depuis le `ready()` de sa configuration : `enregistrer(*SORTES)`. Ce
module ne connaît aucune application par son nom.
"""

from dataclasses import dataclass

from brest_numerique.registre import EnConflit, Registre


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


class SorteEnConflit(EnConflit):
    """Deux définitions différentes pour un même code de sorte : deux applications
    se disputeraient ses gabarits et ses désinscriptions."""


_REGISTRE: Registre[Sorte] = Registre(
    "La sorte de notification", lambda sorte: sorte.code, SorteEnConflit
)
# Lecture seule : on n'ajoute une sorte que par enregistrer(), qui refuse les conflits.
SORTES = _REGISTRE
enregistrer = _REGISTRE.enregistrer


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
