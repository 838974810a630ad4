"""Les lignes des données ouvertes de l'annuaire ajoutées par l'issue 14 dans le
tableau des droits (test_adresses_par_role.py) : publiques, sans paramètre."""

from tests.portail.profils import PUBLIC

ATTENDU_DONNEES_OUVERTES: dict[str, dict[str, int]] = {
    # Le classeur XLSX des lignes du CSV du standard.
    "papi:xlsx": PUBLIC,
}
