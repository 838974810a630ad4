"""Le tableau de bord des Gestionnaires (/gestion/internet-pour-tous/) : chaque
graphique SVG a le tableau de ses nombres à côté (tableau/chiffres.py)."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from brest_numerique.comptes.roles import action_requise
from brest_numerique.graphiques import Serie, graphique
from internet_pour_tous.tableau.chiffres import RESIDENCES, chiffres

ACTIFS = Serie("actifs", "abonnement actif", "abonnements actifs", "#005a9c")
LOGEMENTS = Serie("logements", "logement", "logements", "#8a8a8a")
FACTURE = Serie("facture", "facturé", "facturés", "#005a9c")
IMPAYE = Serie("impaye", "impayé", "impayés", "#b3261e")
DEMANDES = Serie("demandes", "demande", "demandes", "#2e7d32")


@require_safe
@action_requise("gerer_internet_pour_tous")
def tableau(request):
    c = chiffres()
    sections = [
        {
            "identifiant": "secteurs",
            "titre": _("Par secteur"),
            "lignes": c.par_secteur,
            "graphique": graphique(
                "graphique-secteurs",
                _("Abonnements actifs et logements par secteur"),
                _("Pour chaque secteur, le nombre d'abonnements actifs puis de logements."),
                c.par_secteur,
                [ACTIFS, LOGEMENTS],
            ),
        },
        {
            "identifiant": "bailleurs",
            "titre": _("Par bailleur"),
            "lignes": c.par_bailleur,
            "graphique": graphique(
                "graphique-bailleurs",
                _("Abonnements actifs et logements par bailleur"),
                _("Pour chaque bailleur, le nombre d'abonnements actifs puis de logements."),
                c.par_bailleur,
                [ACTIFS, LOGEMENTS],
            ),
        },
        {
            "identifiant": "residences",
            "titre": _("Les %(n)s résidences aux abonnements les plus nombreux")
            % {"n": RESIDENCES},
            "lignes": c.par_residence,
            "graphique": graphique(
                "graphique-residences",
                _("Abonnements actifs des résidences les mieux couvertes"),
                _("Pour chaque résidence, le nombre d'abonnements actifs puis de logements."),
                c.par_residence,
                [ACTIFS, LOGEMENTS],
            ),
        },
    ]
    return render(
        request,
        "internet_pour_tous/tableau/tableau.html",
        {
            "c": c,
            "sections": sections,
            "graphique_mois": graphique(
                "graphique-mois",
                _("Montants facturés et impayés par mois"),
                _("Pour chacun des 24 derniers mois, le montant facturé puis le montant impayé."),
                c.par_mois,
                [FACTURE, IMPAYE],
                monetaire=True,
            ),
            "graphique_accompagnement": graphique(
                "graphique-accompagnement",
                _("Accompagnement demandé"),
                _("Le nombre d'abonnés qui ont demandé chaque sorte d'accompagnement."),
                c.accompagnement,
                [DEMANDES],
            ),
        },
    )
