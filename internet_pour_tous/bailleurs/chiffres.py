"""Les chiffres de l'espace bailleur, en quelques requêtes : par secteur, les
logements enregistrés et les abonnements actifs (sous-requêtes comptées : aucune
jointure ne multiplie les lignes), et la couverture qui s'en déduit."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from internet_pour_tous.models import Abonnement, Logement


def compte(sous_requete: QuerySet, cle: str) -> Coalesce:
    return Coalesce(
        Subquery(
            sous_requete.order_by().values(cle).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def avec_logements_et_actifs(secteurs: QuerySet) -> QuerySet:
    """Ajoute `nb_logements` et `nb_actifs` à des secteurs."""
    return secteurs.annotate(
        nb_logements=compte(
            Logement.objects.filter(residence__secteur=OuterRef("pk")), "residence__secteur"
        ),
        nb_actifs=compte(
            Abonnement.objects.filter(
                logement__residence__secteur=OuterRef("pk"), statut=Abonnement.Statut.ACTIF
            ),
            "logement__residence__secteur",
        ),
    )


def couverture(actifs: int, logements: int) -> float | None:
    """La part des logements qui ont un abonnement actif, en pour cent (None sans
    logement : rien à couvrir)."""
    if not logements:
        return None
    return round(100 * actifs / logements, 1)
