from brest_numerique.comptes.roles import peut
from commentaires.models import Commentaire


def moderation(request) -> dict:
    """Le nombre de commentaires à traiter, pour le menu des modérateurs."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {}
    if not peut(user, "moderer_commentaires"):
        return {}
    # La file de modération a déjà compté ce total avec sa pagination.
    nombre = getattr(request, "commentaires_a_moderer", None)
    if nombre is None:
        nombre = Commentaire.objects.a_moderer().count()
    return {"commentaires_a_moderer": nombre}
