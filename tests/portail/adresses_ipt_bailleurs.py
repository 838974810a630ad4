"""Les lignes d'Internet pour tous (espace bailleur, tableau de bord, données
ouvertes) dans le tableau des droits (test_adresses_par_role.py) et les paramètres
de ses adresses.

L'espace bailleur est aux comptes du groupe Bailleurs ; le relevé du tableau est
celui d'un bailleur dont aucun profil n'est compte : introuvable (404) pour le
profil bailleur, visible du seul superutilisateur. Les autres rôles sont refusés
(403) avant même de chercher le relevé."""

from tests.portail.profils import PUBLIC, reserve

ATTENDU_IPT_BAILLEURS: dict[str, dict[str, int]] = {
    "bailleur:accueil": reserve("bailleur"),
    "bailleur:abonnements": reserve("bailleur"),
    "bailleur:releves": reserve("bailleur"),
    "bailleur:releve_fichier": reserve(statut=403) | {"bailleur": 404, "administrateur": 200},
    "bailleur:impayes_importer": reserve(statut=403) | {"bailleur": 404, "administrateur": 200},
    "gestion_ipt:tableau": reserve("gestionnaire_ipt"),
    "internet_pour_tous:donnees_ouvertes": PUBLIC,
}


def arguments_ipt_bailleurs() -> dict:
    """Un relevé d'un bailleur sans compte, au format csv."""
    from datetime import date

    from internet_pour_tous.models import Releve
    from tests.internet_pour_tous.factories import BailleurFactory

    releve = Releve.objects.create(bailleur=BailleurFactory(), mois=date(2026, 1, 1))
    return {"releve": releve.pk, "format": "csv"}
