"""Les profils du tableau des droits et les raccourcis de ses lignes."""

PROFILS = [
    "anonyme",
    "citoyen",
    "webmestre",
    "instructeur",
    "jure",
    "gestionnaire_ipt",
    "bailleur",
    "administrateur",
]


def pour_tous(statut: int) -> dict[str, int]:
    return dict.fromkeys(PROFILS, statut)


def connecte(statut: int, *, anonyme: int = 302) -> dict[str, int]:
    return {**pour_tous(statut), "anonyme": anonyme}


def reserve(*profils: str, statut: int = 200) -> dict[str, int]:
    """Réservé à ces profils (et au superutilisateur) ; l'anonyme va se connecter."""
    return {
        **pour_tous(403),
        **dict.fromkeys((*profils, "administrateur"), statut),
        "anonyme": 302,
    }


PUBLIC = pour_tous(200)
# Les vues qui n'acceptent que POST renvoient un GET (un favori, une page d'erreur
# rechargée) vers leur page, quel que soit le profil (brest_numerique/methodes.py).
POST_SEULEMENT = pour_tous(302)
# Une vue à jeton signé répond 400 à un jeton falsifié, quel que soit le profil.
JETON_INVALIDE = pour_tous(400)
# Pages d'allauth réservées aux visiteurs non connectés : un compte connecté est renvoyé.
POUR_LES_ANONYMES = {**pour_tous(302), "anonyme": 200}
