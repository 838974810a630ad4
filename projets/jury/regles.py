"""La règle d'objet des jurés (voir brest_numerique/comptes/roles.py) et le seul
chemin par lequel une page de juré charge une évaluation.

Un juré note une évaluation si elle est la sienne, s'il est toujours du jury de
l'édition et s'il n'a pas déclaré de conflit d'intérêts sur ce dossier. Les pages
chargent l'évaluation par `evaluation_du_jure` (404 pour l'évaluation d'un autre,
d'un autre jury, inconnue), puis demandent la règle : une évaluation en conflit
reste chargée, pour que la liste et la page du conflit disent « conflit déclaré »,
mais rien du dossier ne s'affiche (la règle refuse)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from brest_numerique.comptes.roles import regle_objet
from projets.jury.models import Evaluation, Jury


def _au_jury_du_dossier(user, dossier_id: int) -> bool:
    return Jury.jures.through.objects.filter(
        jury__edition__dossiers=dossier_id, user_id=user.pk
    ).exists()


@regle_objet("noter_dossiers", Evaluation)
def jure_de_l_evaluation(user, evaluation: Evaluation) -> bool:
    if evaluation.jure_id != user.pk or evaluation.statut == Evaluation.Statut.CONFLIT:
        return False
    return _au_jury_du_dossier(user, evaluation.dossier_id)


def evaluations_du_jure(user, base: QuerySet | None = None) -> QuerySet:
    """Les évaluations de `user` dans les jurys dont il est membre (conflits compris),
    prises dans `base` (un QuerySet d'Evaluation qui lit ce qu'une page affiche)."""
    base = Evaluation.objects.all() if base is None else base
    if not user.is_authenticated:
        return base.none()
    return base.filter(jure=user, dossier__edition__jury__jures=user)


def evaluation_du_jure(user, pk, base: QuerySet | None = None) -> Evaluation:
    """L'évaluation `pk` si elle est à `user` et qu'il est du jury ; 404 sinon."""
    return get_object_or_404(evaluations_du_jure(user, base), pk=pk)


def jure_du_dossier(user, dossier_id: int) -> bool:
    """`user` a ce dossier à noter (ou l'a noté), sans conflit déclaré : il en voit les
    pièces (projets/pieces/services.peut_voir_piece)."""
    return (
        evaluations_du_jure(user)
        .filter(dossier_id=dossier_id)
        .exclude(statut=Evaluation.Statut.CONFLIT)
        .exists()
    )
