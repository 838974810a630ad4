"""L'effacement du fichier d'une pièce supprimée (données personnelles)."""

from django.db import transaction


def effacer_le_fichier(sender, instance, **kwargs) -> None:
    """Après la validation de la transaction seulement : une suppression annulée
    garde la pièce et son fichier. Effacer un fichier déjà absent ne lève rien."""
    nom = instance.fichier.name
    if nom:
        stockage = instance.fichier.storage
        transaction.on_commit(lambda: stockage.delete(nom))
