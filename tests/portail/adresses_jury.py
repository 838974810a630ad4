"""Les lignes de projets/jury dans le tableau des droits (test_adresses_par_role.py)
et les paramètres de ses adresses : l'évaluation du tableau est celle d'un autre
juré, qu'aucun profil ne voit (404 au juré du tableau comme au superutilisateur,
403 à qui n'est pas du groupe Jury) ; l'édition (`annee`, de
tests/projets/factories.arguments_des_adresses) n'est confiée à aucun instructeur."""

from tests.portail.profils import POST_SEULEMENT, reserve

# Connecté, du groupe Jury (ou superutilisateur), mais pas le juré de l'évaluation.
_EVALUATION_D_UN_AUTRE = reserve("jure", statut=404)

ATTENDU_JURY: dict[str, dict[str, int]] = {
    # Pages des jurés : l'accueil est au groupe Jury (vide pour le juré du tableau).
    "jury:accueil": reserve("jure"),
    "jury:evaluation": _EVALUATION_D_UN_AUTRE,
    "jury:soumettre": POST_SEULEMENT,
    "jury:conflit": _EVALUATION_D_UN_AUTRE,
    # Côté instruction : les instructeurs de l'édition (aucun ici) et le superutilisateur.
    "instruction:jury": reserve(statut=403) | {"administrateur": 200},
    "instruction:jury_suivi": reserve(statut=403) | {"administrateur": 200},
    "instruction:jury_rappeler": POST_SEULEMENT,
}


def arguments_jury() -> dict:
    """Une évaluation à noter dans une édition passée (résultats publiés) : l'édition
    en cours du tableau reste la seule, l'accueil de l'instruction y mène tout droit."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.projets.factories import EditionFactory
    from tests.projets.jury.factories import EvaluationFactory, dossier_en_jury

    il_y_a_un_an = timezone.now() - timedelta(days=400)
    edition = EditionFactory(
        ouverture=il_y_a_un_an,
        cloture=il_y_a_un_an + timedelta(days=30),
        deliberation_le=timezone.localdate(il_y_a_un_an) + timedelta(days=60),
        resultats_le=timezone.localdate(il_y_a_un_an) + timedelta(days=90),
    )
    return {"evaluation": EvaluationFactory(dossier=dossier_en_jury(edition, rang=1)).pk}
