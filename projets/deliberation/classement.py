"""Le classement des dossiers d'une édition d'après les notes du jury.

La note pondérée d'une évaluation soumise vaut Σ(note·poids)/Σ(poids), sur
NOTE_MAX. La moyenne d'un dossier est celle de ses évaluations soumises ; l'écart
entre jurés est l'écart type de population de ces notes. Une évaluation à noter ou
en conflit d'intérêts ne compte pas (les conflits sont comptés à part).

Tout se calcule en SQL, en une requête pour toutes les évaluations de l'édition
(une CTE par évaluation, agrégée par dossier), et une requête pour les dossiers :
jamais une requête par dossier. La requête s'écrit en SQL commun à PostgreSQL et à
SQLite (`make run`) : la variance vient de AVG(s²) − AVG(s)², la racine se prend en
Python (SQLite n'a pas toujours SQRT)."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import JSONObject

from brest_numerique.expressions import ListeEnJSON
from projets.jury.models import Avis, Evaluation, Note
from projets.models import AppelAProjets, CritereNotation, Dossier, Statut, Theme

# Les dossiers que le jury a examinés ou examine.
ETATS_CLASSES = [
    Statut.EN_JURY,
    Statut.RETENU,
    Statut.NON_RETENU,
    Statut.LISTE_ATTENTE,
    Statut.VOTE,
]
# Un écart type d'un point sur cinq : deux jurés sur trois à 3/5 et un à 5/5 en
# donnent 0,94 ; au-delà d'un point, les jurés ne lisent plus le même dossier et
# l'instruction doit en parler avant de décider.
ECART_ELEVE = Decimal("1.0")
CENTIEME = Decimal("0.01")


@dataclass
class LigneClassement:
    dossier: Dossier
    moyenne: Decimal | None
    nb_evaluations: int
    nb_conflits: int
    ecart_type: Decimal | None
    ecart_eleve: bool
    avis: dict[str, int]
    montant_demande: Decimal
    cumul: Decimal = Decimal("0")
    dans_enveloppe: bool = True
    rang: int = 0
    # Les pk des thèmes du dossier (pour filtrer sans autre requête).
    themes: set[int] = field(default_factory=set)
    decision: object = None  # la Decision du dossier, ou None


def _decimal(valeur) -> Decimal | None:
    # PostgreSQL rend un numeric (Decimal), SQLite un float : on repasse par le texte.
    return None if valeur is None else Decimal(str(valeur))


def _sql_des_notes() -> str:
    note, evaluation, critere, dossier = (
        Note._meta.db_table,
        Evaluation._meta.db_table,
        CritereNotation._meta.db_table,
        Dossier._meta.db_table,
    )
    # Les sommes restent entières par évaluation ; une seule division en flottant
    # par évaluation (le numeric de PostgreSQL coûte cher sur des milliers de notes).
    q = connection.ops.quote_name
    # Seuls des noms de tables du modèle, entre guillemets, entrent dans le texte ;
    # les valeurs passent en paramètres.
    return f"""
        WITH ponderees AS (
            SELECT e.dossier_id AS dossier_id,
                   SUM(n.valeur * c.poids) AS points, SUM(c.poids) AS poids
            FROM {q(note)} n
            JOIN {q(evaluation)} e ON e.id = n.evaluation_id
            JOIN {q(critere)} c ON c.id = n.critere_id
            WHERE c.edition_id = %(edition)s AND e.statut = %(soumise)s
            GROUP BY e.id, e.dossier_id
        ),
        scores AS (
            SELECT dossier_id, CAST(points AS DOUBLE PRECISION) / poids AS s FROM ponderees
        ),
        notes AS (
            SELECT dossier_id, AVG(s) AS moyenne,
                   AVG(s * s) - AVG(s) * AVG(s) AS variance, COUNT(*) AS nombre
            FROM scores GROUP BY dossier_id
        ),
        comptes AS (
            SELECT e.dossier_id AS dossier_id,
                   SUM(CASE WHEN e.statut = %(conflit)s THEN 1 ELSE 0 END) AS conflits,
                   SUM(CASE WHEN e.statut = %(soumise)s AND e.avis = %(favorable)s
                       THEN 1 ELSE 0 END) AS favorables,
                   SUM(CASE WHEN e.statut = %(soumise)s AND e.avis = %(reserve)s
                       THEN 1 ELSE 0 END) AS reserves,
                   SUM(CASE WHEN e.statut = %(soumise)s AND e.avis = %(defavorable)s
                       THEN 1 ELSE 0 END) AS defavorables
            FROM {q(evaluation)} e
            JOIN {q(dossier)} d ON d.id = e.dossier_id
            WHERE d.edition_id = %(edition)s
            GROUP BY e.dossier_id
        )
        SELECT comptes.dossier_id, notes.moyenne, notes.variance, notes.nombre,
               comptes.conflits, comptes.favorables, comptes.reserves, comptes.defavorables
        FROM comptes LEFT JOIN notes ON notes.dossier_id = comptes.dossier_id
    """  # noqa: S608


def statistiques_des_notes(edition: AppelAProjets) -> dict[int, tuple]:
    """Par dossier de l'édition qui a au moins une évaluation : (moyenne, variance,
    nombre de notes soumises, conflits, favorables, réservés, défavorables)."""
    parametres = {
        "edition": edition.pk,
        "soumise": Evaluation.Statut.SOUMISE.value,
        "conflit": Evaluation.Statut.CONFLIT.value,
        "favorable": Avis.FAVORABLE.value,
        "reserve": Avis.RESERVE.value,
        "defavorable": Avis.DEFAVORABLE.value,
    }
    with connection.cursor() as curseur:
        curseur.execute(_sql_des_notes(), parametres)
        return {ligne[0]: ligne[1:] for ligne in curseur.fetchall()}


def dossiers_a_classer(edition: AppelAProjets) -> QuerySet:
    """Les dossiers examinés par le jury, avec ce que le classement affiche, en une
    requête (structure, décision et sa délibération, thèmes en JSON)."""
    return (
        Dossier.objects.filter(edition=edition, statut__in=ETATS_CLASSES)
        .select_related("structure", "decision", "decision__deliberation")
        # Les longs textes du dossier ne s'affichent pas dans le classement.
        .defer("resume", "description", "calendrier", "materiel_demande", "publics")
        .annotate(
            themes_json=ListeEnJSON(
                Theme.objects.filter(dossier=OuterRef("pk"))
                .order_by("libelle")
                .values(json=JSONObject(pk="pk", libelle="libelle", slug="slug"))
            )
        )
    )


def _ecart_type(variance: Decimal | None) -> Decimal | None:
    if variance is None:
        return None
    # L'arrondi des flottants peut donner −0,000…1 quand toutes les notes sont égales.
    return max(variance, Decimal("0")).sqrt().quantize(CENTIEME, ROUND_HALF_UP)


def _cle_de_tri(ligne: LigneClassement):
    # Moyenne décroissante (sans note en dernier), puis plus de notes, puis le
    # moins cher, puis le numéro : un ordre total, le même à chaque affichage.
    return (
        ligne.moyenne is None,
        -(ligne.moyenne or 0),
        -ligne.nb_evaluations,
        ligne.montant_demande,
        ligne.dossier.numero or "",
    )


def classer(edition: AppelAProjets, *, theme: Theme | None = None) -> list[LigneClassement]:
    """Le classement de l'édition. Le cumul des montants demandés et la ligne de
    l'enveloppe se comptent sur tout le classement ; le filtre par thème garde le
    rang et le cumul de chaque dossier dans le classement d'ensemble."""
    stats = statistiques_des_notes(edition)
    lignes = []
    for dossier in dossiers_a_classer(edition):
        moyenne, variance, nombre, conflits, fav, res, defav = stats.get(
            dossier.pk, (None, None, 0, 0, 0, 0, 0)
        )
        moyenne = _decimal(moyenne)
        ecart = _ecart_type(_decimal(variance))
        lignes.append(
            LigneClassement(
                dossier=dossier,
                moyenne=None if moyenne is None else moyenne.quantize(CENTIEME, ROUND_HALF_UP),
                nb_evaluations=int(nombre or 0),
                nb_conflits=int(conflits or 0),
                ecart_type=ecart,
                ecart_eleve=ecart is not None and ecart >= ECART_ELEVE,
                avis={
                    Avis.FAVORABLE.value: int(fav or 0),
                    Avis.RESERVE.value: int(res or 0),
                    Avis.DEFAVORABLE.value: int(defav or 0),
                },
                montant_demande=dossier.montant_demande,
                themes={t["pk"] for t in dossier.themes_json},
                decision=decision_de(dossier),
            )
        )
    lignes.sort(key=_cle_de_tri)
    cumul = Decimal("0")
    for rang, ligne in enumerate(lignes, start=1):
        cumul += ligne.montant_demande
        ligne.rang, ligne.cumul, ligne.dans_enveloppe = rang, cumul, cumul <= edition.enveloppe
    return lignes if theme is None else du_theme(lignes, theme)


def du_theme(lignes: list[LigneClassement], theme: Theme) -> list[LigneClassement]:
    return [ligne for ligne in lignes if theme.pk in ligne.themes]


def decision_de(dossier: Dossier):
    """La décision du dossier (lue par select_related), ou None."""
    try:
        return dossier.decision
    except ObjectDoesNotExist:
        return None


def total_accorde(lignes: list[LigneClassement]) -> Decimal:
    """Le total accordé aux retenus (votés compris) d'un classement entier : tous
    les retenus y sont, sans requête de plus."""
    return sum(
        (
            ligne.decision.montant_accorde
            for ligne in lignes
            if ligne.decision is not None and ligne.decision.sens == "retenu"
        ),
        Decimal("0"),
    )


def ligne_de_l_enveloppe(lignes: list[LigneClassement]) -> int | None:
    """L'indice de la première ligne qui dépasse l'enveloppe (None : tout y tient)."""
    return next((i for i, ligne in enumerate(lignes) if not ligne.dans_enveloppe), None)
