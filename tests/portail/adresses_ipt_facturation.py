"""Les lignes d'Internet pour tous (facturation) dans le tableau des droits
(test_adresses_par_role.py) et les paramètres de ses adresses : un passage terminé
et le relevé d'un bailleur dont aucun profil n'est le compte. Tout est réservé aux
Gestionnaires Internet pour tous ; les actions n'acceptent que POST (un GET est renvoyé vers leur page)."""

from datetime import date

from tests.portail.profils import POST_SEULEMENT, reserve

GESTION = reserve("gestionnaire_ipt")

ATTENDU_IPT_FACTURATION: dict[str, dict[str, int]] = {
    "gestion_ipt:facturation": GESTION,
    "gestion_ipt:facturation_passage": GESTION,
    "gestion_ipt:releves": GESTION,
    "gestion_ipt:releve": GESTION,
    "gestion_ipt:releve_fichier": GESTION,
    "gestion_ipt:releve_envoye": POST_SEULEMENT,
    "gestion_ipt:releve_paye": POST_SEULEMENT,
    "gestion_ipt:impayes_importer": POST_SEULEMENT,
}


def arguments_ipt_facturation() -> dict:
    from internet_pour_tous.models import Facturation, Releve
    from tests.internet_pour_tous.factories import BailleurFactory

    mois = date(2026, 1, 1)
    passage = Facturation.objects.create(mois=mois, statut=Facturation.Statut.TERMINEE)
    releve = Releve.objects.create(bailleur=BailleurFactory(), mois=mois)
    return {"passage": passage.pk, "releve": releve.pk, "format": "csv"}
