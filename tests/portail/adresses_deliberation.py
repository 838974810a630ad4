"""Les lignes de projets/deliberation dans le tableau des droits (test_adresses_par_role.py)
et les paramètres de ses adresses."""

ATTENDU_DELIBERATION: dict[str, dict[str, int]] = {}


def arguments_deliberation() -> dict:
    return {}
