"""Les lignes de projets/jury dans le tableau des droits (test_adresses_par_role.py)
et les paramètres de ses adresses."""

ATTENDU_JURY: dict[str, dict[str, int]] = {}


def arguments_jury() -> dict:
    return {}
