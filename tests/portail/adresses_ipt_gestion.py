"""Les lignes d'Internet pour tous (gestion) dans le tableau des droits
(test_adresses_par_role.py) et les paramètres de ses adresses."""

ATTENDU_IPT_GESTION: dict[str, dict[str, int]] = {}


def arguments_ipt_gestion() -> dict:
    return {}
