"""Les lignes d'Internet pour tous (gestion) dans le tableau des droits
(test_adresses_par_role.py) et les paramètres de ses adresses : un secteur déployé et
une demande d'abonnement d'un de ses logements. Tout est aux Gestionnaires Internet
pour tous (et au superutilisateur) ; les décisions n'acceptent que POST."""

from tests.internet_pour_tous.factories import AbonnementFactory
from tests.portail.profils import POST_SEULEMENT, reserve

ATTENDU_IPT_GESTION: dict[str, dict[str, int]] = {
    "gestion_ipt:demandes": reserve("gestionnaire_ipt"),
    "gestion_ipt:abonnements": reserve("gestionnaire_ipt"),
    "gestion_ipt:abonnement": reserve("gestionnaire_ipt"),
    "gestion_ipt:abonnement_transition": POST_SEULEMENT,
    "gestion_ipt:secteurs": reserve("gestionnaire_ipt"),
    "gestion_ipt:secteur": reserve("gestionnaire_ipt"),
    "gestion_ipt:logements_importer": reserve("gestionnaire_ipt"),
}


def arguments_ipt_gestion() -> dict:
    abonnement = AbonnementFactory(email="demande-du-tableau@exemple.fr")
    return {
        "abonnement": abonnement.pk,
        "secteur": abonnement.logement.residence.secteur_id,
        "action": "activer",
    }
