"""Les sortes de notifications que le portail envoie.

Une sorte essentielle (sécurité du compte, accusés de réception, décisions) part
toujours ; les autres peuvent être refusées par leur destinataire, depuis sa page
de compte ou par le lien de désinscription présent dans chaque message.
Les applications ajoutent leurs sortes ici.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


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


SORTES: dict[str, Sorte] = {
    sorte.code: sorte
    for sorte in [
        Sorte(
            "compte",
            _("Sécurité du compte (inscription, mot de passe, adresse)"),
            True,
            sensible=True,
        ),
        Sorte("bienvenue", _("Message de bienvenue et présentation du portail"), False),
        Sorte("papi_signalement", _("Erreur signalée sur la fiche d'un lieu (équipe)"), True),
        Sorte("commentaire_confirmation", _("Confirmation de l'adresse d'un commentaire"), True),
        Sorte("commentaire_publie", _("Publication de votre commentaire"), True),
        Sorte("commentaire_rejete", _("Refus de votre commentaire"), True),
        Sorte("commentaire_reponse", _("Réponse à votre commentaire"), False),
        Sorte(
            "moderation_nouveau",
            _("Nouveau commentaire à modérer (modérateurs)"),
            False,
            "moderer_commentaires",
        ),
        Sorte(
            "moderation_masque",
            _("Commentaire masqué après signalements (modérateurs)"),
            False,
            "moderer_commentaires",
        ),
        Sorte(
            "moderation_resume",
            _("Résumé quotidien de la file de modération"),
            False,
            "moderer_commentaires",
        ),
    ]
}


def sorte(code: str) -> Sorte:
    try:
        return SORTES[code]
    except KeyError:
        raise ValueError(f"Sorte de notification inconnue : {code}") from None


def codes_sensibles() -> list[str]:
    return [s.code for s in SORTES.values() if s.sensible]


def sortes_facultatives(user=None) -> list[Sorte]:
    from brest_numerique.comptes.roles import peut

    return [
        s
        for s in SORTES.values()
        if not s.essentielle and (s.action is None or (user is not None and peut(user, s.action)))
    ]
