"""Revenir, après l'action d'un formulaire, à la page d'où il a été envoyé."""


def retour_dans(request, prefixe: str) -> str:
    """L'adresse `retour` envoyée avec le formulaire si elle reste sous `prefixe`
    (une file filtrée, à la même page), sinon `prefixe` : jamais un autre site ni
    une autre partie du portail."""
    retour = request.POST.get("retour", "")
    return retour if retour.startswith(prefixe) and "//" not in retour else prefixe


# Le bandeau des messages de base.html. Une redirection après un envoi réussi y
# mène : le visiteur lit la suite sans la chercher. Sans fragment, le navigateur
# garderait celui de l'adresse du formulaire (#resume-erreurs), en haut de page.
ANCRE_DES_MESSAGES = "#messages"
