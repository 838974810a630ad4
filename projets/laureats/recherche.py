"""Les lauréats dans la recherche du site (programmes/recherche.py) et dans le plan
du site (/sitemap.xml) : les seuls lauréats publiés, par `publics(Laureat)`.
Enregistrés depuis LaureatsConfig.ready()."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from brest_numerique.publication import publics
from projets.laureats.models import Laureat
from projets.laureats.statistiques import editions_publiees

CONFIG_RECHERCHE = "french_unaccent"  # créée par la migration papi 0002


def laureats(mots: list[str]):
    from programmes.recherche import Groupe, Trouvaille, _premiers, _sans_postgresql

    trouves = publics(Laureat).select_related("dossier__structure")
    ordre = ("-annee", "dossier__titre", "pk")
    if connection.vendor == "postgresql":
        vecteur = SearchVector(
            "dossier__titre",
            "dossier__structure__nom",
            "resume_public",
            config=CONFIG_RECHERCHE,
        )
        requete = SearchQuery(" ".join(mots), config=CONFIG_RECHERCHE, search_type="plain")
        premiers, total = _premiers(
            trouves.annotate(document=vecteur).filter(document=requete).order_by(*ordre)
        )
    else:
        premiers, total = _sans_postgresql(
            trouves, mots, ordre, ("dossier__titre", "dossier__structure__nom", "resume_public")
        )
    return Groupe(
        _("Projets lauréats de l'appel à projets"),
        [
            Trouvaille(
                laureat.dossier.titre,
                laureat.get_absolute_url(),
                laureat.resume_public,
                precision=_("%(structure)s, lauréat %(annee)s")
                % {"structure": laureat.dossier.structure.nom, "annee": laureat.annee},
            )
            for laureat in premiers
        ],
        total,
    )


def plans_des_laureats():
    """Les classes du plan du site, créées à l'enregistrement : programmes.plan_du_site
    (et Wagtail) ne se chargent qu'après toutes les applications."""
    from django.contrib.sitemaps import Sitemap

    from programmes.plan_du_site import AdresseDuPortail

    class PlanDesLaureats(AdresseDuPortail, Sitemap):
        def items(self):
            return publics(Laureat).only("annee", "slug", "modifie_le").order_by("pk")

        def lastmod(self, laureat: Laureat):
            return laureat.modifie_le

    class PlanDesListes(AdresseDuPortail, Sitemap):
        """Les statistiques et la liste des lauréats de chaque édition publiée."""

        def items(self) -> list[str]:
            annees = editions_publiees().values_list("annee", flat=True)
            return [
                reverse("projets:statistiques"),
                *(reverse("projets:laureats", args=[annee]) for annee in annees),
            ]

        def location(self, adresse: str) -> str:
            return adresse

    return PlanDesLaureats, PlanDesListes


def enregistrer() -> None:
    from programmes import recherche
    from programmes.plan_du_site import PLANS

    recherche.enregistrer(laureats)
    laureats_, listes = plans_des_laureats()
    PLANS.setdefault("laureats", laureats_)
    PLANS.setdefault("laureats-listes", listes)
