"""Les lignes d'Internet pour tous (public) dans le tableau des droits
(test_adresses_par_role.py) et les paramètres de ses adresses : une résidence d'un
secteur déployé (sa demande d'abonnement s'ouvre à tous) et un abonnement d'un foyer
qu'aucun profil n'est (son attestation est introuvable pour chacun, 404)."""

from tests.portail.profils import PUBLIC, connecte, pour_tous

ATTENDU_IPT_PUBLIC: dict[str, dict[str, int]] = {
    "internet_pour_tous:presentation": PUBLIC,
    "internet_pour_tous:eligibilite": PUBLIC,
    # Sans ?q=, les suggestions refusent la requête (400), pour tous.
    "internet_pour_tous:suggestions": pour_tous(400),
    "internet_pour_tous:demande": PUBLIC,
    "internet_pour_tous:demande_envoyee": PUBLIC,
    # Espace de l'abonné : tout compte connecté à l'adresse vérifiée a le sien.
    "internet_pour_tous:espace": connecte(200),
    "internet_pour_tous:mes_donnees": connecte(200),
    "internet_pour_tous:attestation": connecte(404),
    "internet_pour_tous:attestation_pdf": connecte(404),
}


def arguments_ipt_public() -> dict:
    from tests.internet_pour_tous.factories import AbonnementFactory, ResidenceFactory

    return {
        "residence": ResidenceFactory().pk,
        "abonnement": AbonnementFactory(email="foyer-du-tableau@exemple.fr").pk,
    }
