"""Les règles d'objet de l'appel à projets (voir brest_numerique/comptes/roles.py),
et l'accès des structures candidates à leurs propres dossiers.

- Un instructeur instruit les éditions dont il est instructeur, et leurs dossiers.
- Une personne candidate voit les dossiers des structures dont elle est membre,
  et rien d'autre : les vues candidates chargent un dossier par `dossier_du_candidat`,
  jamais par sa seule clé (une clé devinée mène au 404, pas au dossier d'autrui).
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from brest_numerique.comptes.roles import regle_objet
from projets.models import AppelAProjets, Dossier, Structure


@regle_objet("instruire_dossiers", AppelAProjets)
def instructeur_de_l_edition(user, edition: AppelAProjets) -> bool:
    return edition.instructeurs.filter(pk=user.pk).exists()


@regle_objet("instruire_dossiers", Dossier)
def instructeur_de_l_edition_du_dossier(user, dossier: Dossier) -> bool:
    # Un brouillon reste à la structure : l'instruction ne voit que les dossiers déposés.
    if dossier.statut == Dossier.Statut.BROUILLON:
        return False
    return AppelAProjets.instructeurs.through.objects.filter(
        appelaprojets_id=dossier.edition_id, user_id=user.pk
    ).exists()


def editions_instruites(user) -> QuerySet:
    if user.is_superuser:
        return AppelAProjets.objects.all()
    return AppelAProjets.objects.filter(instructeurs=user)


def structures_du_candidat(user) -> QuerySet:
    if not user.is_authenticated:
        return Structure.objects.none()
    return Structure.objects.filter(membres__user=user)


def dossiers_du_candidat(user) -> QuerySet:
    if not user.is_authenticated:
        return Dossier.objects.none()
    return Dossier.objects.filter(structure__membres__user=user)


def dossier_du_candidat(user, pk) -> Dossier:
    """Le dossier `pk` s'il appartient à une structure de `user`, sinon 404."""
    return get_object_or_404(
        dossiers_du_candidat(user).select_related("edition", "structure"), pk=pk
    )
