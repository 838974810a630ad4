from brest_numerique.comptes.roles import peut
from commentaires.models import Commentaire


def moderation(request) -> dict:
    """Le nombre de commentaires à traiter, pour le menu des modérateurs."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {}
    if not peut(user, "moderer_commentaires"):
        return {}
    return {"commentaires_a_moderer": Commentaire.objects.a_moderer().count()}
