"""Les lignes de projets/deliberation dans le tableau des droits (test_adresses_par_role.py)
et les paramètres de ses adresses (ceux de l'appel à projets suffisent : l'édition
ouverte du tableau, confiée à aucun instructeur, et son dossier déposé)."""

from tests.portail.profils import POST_SEULEMENT, reserve

# L'instruction de l'édition seulement : un instructeur d'une autre édition est
# refusé, le superutilisateur voit tout (la décision d'un dossier déposé s'affiche
# sans formulaire). Publier les résultats n'accepte que POST.
INSTRUCTION_DE_L_EDITION = reserve(statut=403) | {"administrateur": 200}

ATTENDU_DELIBERATION: dict[str, dict[str, int]] = {
    "instruction:classement": INSTRUCTION_DE_L_EDITION,
    "instruction:decider": INSTRUCTION_DE_L_EDITION,
    "instruction:deliberations": INSTRUCTION_DE_L_EDITION,
    "instruction:resultats_publier": POST_SEULEMENT,
    "instruction:proces_verbal": INSTRUCTION_DE_L_EDITION,
    "instruction:proces_verbal_pdf": INSTRUCTION_DE_L_EDITION,
}


def arguments_deliberation() -> dict:
    return {}
