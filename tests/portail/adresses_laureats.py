"""Les lignes de projets/laureats dans le tableau des droits (test_adresses_par_role.py)
et les paramètres de ses adresses.

Tout y est public. L'année du tableau est celle de l'édition ouverte
(arguments_des_adresses), dont les résultats ne sont pas publiés : sa liste de
lauréats et la fiche d'un lauréat d'une autre année y sont introuvables (404), pour
tous, superutilisateur compris. Les données ouvertes (format « csv » du tableau) et
les statistiques répondent à tous."""

from tests.portail.profils import PUBLIC, pour_tous

ATTENDU_LAUREATS: dict[str, dict[str, int]] = {
    "projets:statistiques": PUBLIC,
    "projets:laureats_donnees": PUBLIC,
    "projets:laureats": pour_tous(404),
    "projets:laureat": pour_tous(404),
}


def arguments_laureats() -> dict:
    """Un lauréat publié (d'une édition aux résultats publiés, autre que l'ouverte)."""
    from tests.projets.laureats.fabriques import edition_publiee, laureat

    return {"laureat": laureat(edition_publiee(), titre="Fablab du tableau des droits").slug}
