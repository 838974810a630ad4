"""Les flux des actualités, en RSS 2.0 et en Atom : toutes les actualités
(/actualites/flux.rss, /actualites/flux.atom) et celles d'un dispositif
(/actualites/<slug>/flux.rss, .atom).

Seules les actualités publiques y entrent (`publics(ActualitePage)`, le contrat de
publication). Le coût ne dépend pas du nombre d'actualités : les vues d'accès
restreint, les 20 actualités avec leur dispositif (select_related), la page qui
sert de lien au flux (la liste des actualités, ou le dispositif), et au plus une
lecture des racines des sites Wagtail, gardée dans le cache.
"""

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from brest_numerique.publication import publics
from programmes.models import ActualitePage, ActualitesPage, DispositifPage

NOMBRE_D_ACTUALITES = 20
AUTEUR = "Brest métropole"
PARIS = ZoneInfo(settings.TIME_ZONE)


@dataclass
class Demande:
    """Ce que le flux sait de la requête : Django ne passe la requête qu'à
    get_object(), et une instance de Feed sert toutes les requêtes."""

    request: HttpRequest
    dispositif: DispositifPage | None = None


def _adresse(page, request: HttpRequest) -> str:
    # Adresse de la page relative à la racine de son site, rendue absolue par la
    # requête (hôte et schéma réels, mandataire compris). Le portail n'a qu'un
    # site Wagtail. Les racines des sites sont lues une fois par requête.
    parties = page.get_url_parts(request=request)
    if parties is None or parties[2] is None:
        return request.build_absolute_uri("/")
    return request.build_absolute_uri(parties[2])


class FluxActualites(Feed):
    feed_type = Rss201rev2Feed
    language = "fr"
    author_name = AUTEUR
    item_author_name = AUTEUR
    item_guid_is_permalink = False

    def get_object(self, request: HttpRequest, slug: str | None = None) -> Demande:
        if slug is None:
            return Demande(request)
        dispositif = (
            publics(DispositifPage).filter(slug=slug).defer_streamfields().order_by("path").first()
        )
        if dispositif is None:
            raise Http404(_("Aucun dispositif à cette adresse."))
        return Demande(request, dispositif)

    def title(self, demande: Demande) -> str:
        if demande.dispositif:
            return _("Actualités du dispositif « %(dispositif)s » — Brest numérique") % {
                "dispositif": demande.dispositif.title
            }
        return _("Actualités — Brest numérique")

    def description(self, demande: Demande) -> str:
        if demande.dispositif:
            return _("Les dernières actualités du dispositif « %(dispositif)s ».") % {
                "dispositif": demande.dispositif.title
            }
        return _("Les dernières actualités du programme numérique de Brest métropole.")

    subtitle = description  # Atom

    def link(self, demande: Demande) -> str:
        if demande.dispositif:
            return _adresse(demande.dispositif, demande.request)
        # La page de la liste, qu'elle soit publique ou non : elle ne sert que de lien.
        liste = ActualitesPage.objects.live().only("url_path").order_by("path").first()
        if liste is None:
            return demande.request.build_absolute_uri("/")
        return _adresse(liste, demande.request)

    def items(self, demande: Demande) -> list[ActualitePage]:
        actualites = publics(ActualitePage).select_related("dispositif")
        if demande.dispositif:
            actualites = actualites.filter(dispositif=demande.dispositif)
        actualites = list(
            actualites.defer("corps", "dispositif__corps").order_by("-date", "-pk")[
                :NOMBRE_D_ACTUALITES
            ]
        )
        for actualite in actualites:
            actualite.adresse_du_flux = _adresse(actualite, demande.request)
        return actualites

    def item_title(self, actualite: ActualitePage) -> str:
        return actualite.title

    def item_description(self, actualite: ActualitePage) -> str:
        return actualite.chapo

    def item_link(self, actualite: ActualitePage) -> str:
        return actualite.adresse_du_flux

    def item_guid(self, actualite: ActualitePage) -> str:
        # Stable même si la page change d'adresse : un lecteur ne la revoit pas neuve.
        return f"urn:uuid:{actualite.translation_key}"

    def item_pubdate(self, actualite: ActualitePage) -> datetime:
        return datetime.combine(actualite.date, time.min, tzinfo=PARIS)

    def item_updateddate(self, actualite: ActualitePage) -> datetime:
        return actualite.last_published_at or self.item_pubdate(actualite)

    def item_categories(self, actualite: ActualitePage) -> tuple[str, ...]:
        return (actualite.dispositif.title,) if actualite.dispositif else ()


class FluxActualitesAtom(FluxActualites):
    feed_type = Atom1Feed
