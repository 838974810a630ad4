"""Les données ouvertes d'Internet pour tous : par secteur déployé et par mois (les
24 derniers), les logements couverts et les abonnements actifs. Rien que des
agrégats : aucune donnée personnelle, aucun logement ni abonnement désigné.

CSV en UTF-8 avec BOM, séparé par des points-virgules, sous Licence Ouverte 2.0 ;
les colonnes sont décrites une seule fois (COLONNES) et la présentation publique les
documente (gabarit internet_pour_tous/_donnees_ouvertes.html). Une seule requête :
la série des mois (generate_series) croisée avec les secteurs, et les périodes
d'activité qui contiennent le premier jour de chaque mois — la règle de la
facturation."""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from internet_pour_tous.models import Abonnement, Logement, PeriodeActivite, Residence, Secteur
from internet_pour_tous.tableau.chiffres import MOIS, mois_glissants
from papi.models import Commune
from projets.exports.services import neutraliser

LICENCE = "Licence Ouverte / Open Licence 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


@dataclass(frozen=True)
class Colonne:
    nom: str
    description: str


COLONNES = [
    Colonne("secteur", _("Identifiant du secteur.")),
    Colonne("nom", _("Nom du secteur.")),
    Colonne("commune", _("Commune du secteur.")),
    Colonne("code_insee", _("Code INSEE de la commune.")),
    Colonne("mois", _("Mois, au format AAAA-MM.")),
    Colonne(
        "logements_couverts",
        _(
            "Logements du secteur couverts ce mois\u00a0: tous ses logements enregistrés si le "
            "secteur était déployé le premier jour du mois, zéro sinon."
        ),
    ),
    Colonne(
        "abonnements_actifs",
        _("Abonnements actifs le premier jour du mois (ceux qui doivent ce mois)."),
    ),
]


def _requete() -> str:
    # Seuls les noms des tables (ceux des modèles) sont écrits dans le texte ; les
    # valeurs passent en paramètres.
    return f"""
        WITH mois AS (
            SELECT generate_series(%s::date, %s::date, interval '1 month')::date AS mois
        ),
        logements AS (
            SELECT r.secteur_id, COUNT(*) AS n
            FROM {Logement._meta.db_table} l
            JOIN {Residence._meta.db_table} r ON r.id = l.residence_id
            GROUP BY r.secteur_id
        ),
        actifs AS (
            SELECT r.secteur_id, m.mois, COUNT(DISTINCT p.abonnement_id) AS n
            FROM mois m
            JOIN {PeriodeActivite._meta.db_table} p
              ON p.debut <= m.mois AND (p.fin IS NULL OR p.fin > m.mois)
            JOIN {Abonnement._meta.db_table} a ON a.id = p.abonnement_id
            JOIN {Logement._meta.db_table} l ON l.id = a.logement_id
            JOIN {Residence._meta.db_table} r ON r.id = l.residence_id
            GROUP BY r.secteur_id, m.mois
        )
        SELECT s.slug, s.nom, c.nom, c.code_insee, m.mois,
               CASE WHEN s.deploye_le <= m.mois THEN COALESCE(lg.n, 0) ELSE 0 END,
               COALESCE(ac.n, 0)
        FROM {Secteur._meta.db_table} s
        JOIN {Commune._meta.db_table} c ON c.code_insee = s.commune_id
        CROSS JOIN mois m
        LEFT JOIN logements lg ON lg.secteur_id = s.id
        LEFT JOIN actifs ac ON ac.secteur_id = s.id AND ac.mois = m.mois
        WHERE s.statut = %s
        ORDER BY s.nom, s.slug, m.mois
    """  # noqa: S608


def lignes(aujourd_hui: date | None = None) -> list[tuple]:
    liste = mois_glissants(aujourd_hui or timezone.localdate(), MOIS)
    with connection.cursor() as curseur:
        curseur.execute(_requete(), [liste[0], liste[-1], Secteur.Statut.DEPLOYE])
        return [(*ligne[:4], f"{ligne[4]:%Y-%m}", *ligne[5:]) for ligne in curseur.fetchall()]


def en_csv(rangees: list[tuple]) -> bytes:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow([c.nom for c in COLONNES])
    for rangee in rangees:
        ecrivain.writerow([neutraliser(str(valeur)) for valeur in rangee])
    return ("\ufeff" + tampon.getvalue()).encode()


# Une heure : les chiffres changent avec les activations, pas à la minute près.
DUREE_DU_CACHE = 3600


@require_safe
def donnees_ouvertes(request):
    cle = f"ipt:donnees-ouvertes:{timezone.localdate().isoformat()}"
    corps = cache.get(cle)
    if corps is None:
        corps = en_csv(lignes())
        cache.set(cle, corps, DUREE_DU_CACHE)
    reponse = HttpResponse(corps, content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'inline; filename="internet-pour-tous-secteurs.csv"'
    reponse["Access-Control-Allow-Origin"] = "*"
    return reponse
