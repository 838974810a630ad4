"""Les lignes d'Internet pour tous (public) dans le tableau des droits
(test_adresses_par_role.py) et les paramètres de ses adresses."""

ATTENDU_IPT_PUBLIC: dict[str, dict[str, int]] = {}


def arguments_ipt_public() -> dict:
    return {}
