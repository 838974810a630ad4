"""Les lignes d'Internet pour tous (bailleurs) dans le tableau des droits
(test_adresses_par_role.py) et les paramètres de ses adresses."""

ATTENDU_IPT_BAILLEURS: dict[str, dict[str, int]] = {}


def arguments_ipt_bailleurs() -> dict:
    return {}
