"""Les lignes de projets/laureats dans le tableau des droits (test_adresses_par_role.py)
et les paramètres de ses adresses."""

ATTENDU_LAUREATS: dict[str, dict[str, int]] = {}


def arguments_laureats() -> dict:
    return {}
