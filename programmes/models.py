"""Les pages du programme, éditées par les Webmestres dans Wagtail (/cms/) :
l'accueil, une page par dispositif, les actualités, les pages légales.

Toutes tiennent le contrat de publication du portail (Publiable) : `publies()`
rend les pages en ligne et publiques, `version_publique` change à chaque
publication ou dépublication (signaux.py), ce qui périme d'un coup les pages
gardées en cache pour les anonymes (accueil, liste des actualités, flux, la page
elle-même).
"""

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from brest_numerique.cache_anonyme import Version
from brest_numerique.publication import Publiable
from commentaires.commentable import Commentable
from programmes.blocs import FONCTIONS_DU_TEXTE, CorpsDePage, ObjectifBlock

version_des_pages = Version("programmes:version")


ACTUALITES_PAR_PAGE = 10


def chemins_restreints() -> list[str]:
    """Les pages sous restriction d'accès (et donc leurs descendantes), gardées en
    cache sous la version des pages : le `public()` de Wagtail les relit à chaque
    liste, une requête de plus par liste. Une restriction posée ou retirée change
    la version (signaux.py)."""
    from wagtail.models import PageViewRestriction

    return cache.get_or_set(
        f"programmes:restrictions:{version_des_pages()}",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
        3600,
    )


class PagesQuerySet(PageQuerySet):
    def publies(self):
        """En ligne, et sans restriction d'accès sur la page ni sur ses ancêtres ; la
        condition (path__startswith, comme Wagtail) convient aussi à sa recherche."""
        pages = self.live()
        for chemin in chemins_restreints():
            pages = pages.exclude(path__startswith=chemin)
        return pages


class PageDuProgramme(Publiable, Page):
    """Ce que partagent les pages éditoriales du portail."""

    version_publique = version_des_pages
    objects = PageManager.from_queryset(PagesQuerySet)()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return self.url


class AccueilPage(PageDuProgramme):
    chapo = models.TextField(_("chapô"), max_length=600)
    objectifs = StreamField(
        [("objectif", ObjectifBlock())],
        verbose_name=_("objectifs du programme"),
        max_num=3,
        blank=True,
    )

    content_panels = [*Page.content_panels, FieldPanel("chapo"), FieldPanel("objectifs")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        # Imports locaux : chiffres.py et projets lisent ces modèles.
        from programmes.chiffres import chiffres_cles
        from projets.publics import appel_ouvert

        context = super().get_context(request, *args, **kwargs)
        context["dispositifs"] = dispositifs_publies(self)
        # Les deux rubriques en une requête : leurs liens n'ont besoin que de l'adresse.
        types = ContentType.objects.get_for_models(DispositifsPage, ActualitesPage)
        rubriques = {
            rubrique.content_type_id: rubrique
            for rubrique in PagesQuerySet(Page)
            .publies()
            .child_of(self)
            .filter(content_type__in=types.values())
        }
        context["page_des_dispositifs"] = rubriques.get(types[DispositifsPage].pk)
        context["page_des_actualites"] = rubriques.get(types[ActualitesPage].pk)
        context["actualites"] = actualites_publiees(self)[:3]
        context["chiffres"] = chiffres_cles()
        appel = appel_ouvert()
        context["appel_ouvert"] = appel
        if appel:
            context["jours_avant_cloture"] = (
                timezone.localdate(appel.cloture) - timezone.localdate()
            ).days
        return context


class DispositifsPage(PageDuProgramme):
    """La rubrique qui réunit les pages de dispositif (/dispositifs/)."""

    chapo = models.TextField(_("chapô"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("chapo")]
    parent_page_types = ["programmes.AccueilPage"]
    subpage_types = ["programmes.DispositifPage"]
    max_count = 1

    class Meta:
        verbose_name = _("liste des dispositifs")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["dispositifs"] = dispositifs_publies(self)
        return context


class DispositifPage(Commentable, PageDuProgramme):
    class Accompagnement(models.TextChoices):
        AUCUN = "", _("Pas de formulaire")
        CANTINE = "cantine", _("Cantine numérique")
        PEPINIERES = "pepinieres", _("Pépinières")
        FRENCH_TECH = "french_tech", _("French Tech")

    chapo = models.TextField(_("chapô"), max_length=600)
    corps = StreamField(CorpsDePage(), verbose_name=_("corps"), blank=True)
    ordre = models.PositiveSmallIntegerField(_("ordre sur l'accueil"), default=50)
    accompagnement = models.CharField(
        _("formulaire « Être accompagné »"),
        max_length=20,
        choices=Accompagnement.choices,
        blank=True,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("chapo"),
        FieldPanel("corps"),
        FieldPanel("ordre"),
        FieldPanel("accompagnement"),
        FieldPanel("commentaires_ouverts"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("chapo"),
        index.SearchField("corps"),
    ]
    parent_page_types = ["programmes.DispositifsPage"]
    subpage_types: list[str] = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.accompagnement:
            # Import local : l'application d'accompagnement lit les codes ci-dessus.
            from programmes.accompagnement.forms import DemandeForm

            context["formulaire_accompagnement"] = DemandeForm()
        return context

    class Meta:
        verbose_name = _("page de dispositif")
        verbose_name_plural = _("pages de dispositif")


class ActualitesPage(PageDuProgramme):
    """La liste des actualités, paginée et filtrable par dispositif."""

    chapo = models.TextField(_("chapô"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("chapo")]
    parent_page_types = ["programmes.AccueilPage"]
    subpage_types = ["programmes.ActualitePage"]
    max_count = 1

    class Meta:
        verbose_name = _("liste des actualités")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        dispositifs = list(dispositifs_publies(self.get_parent()))
        # Un slug inconnu ou mal formé est ignoré : la liste entière, pas d'erreur.
        slug = request.GET.get("dispositif", "")
        choisi = next((d for d in dispositifs if d.slug == slug), None)
        actualites = actualites_publiees(self).select_related("image")
        if choisi is not None:
            actualites = actualites.filter(dispositif=choisi)
        context["dispositifs"] = dispositifs
        context["dispositif_choisi"] = choisi
        context["actualites"] = Paginator(actualites, ACTUALITES_PAR_PAGE).get_page(
            request.GET.get("page")
        )
        context["requete"] = urlencode({"dispositif": choisi.slug}) if choisi else ""
        return context


class ActualitePage(Commentable, PageDuProgramme):
    # Indexée : l'accueil et la liste lisent les plus récentes d'abord. Sans index, chaque
    # rendu lit et trie toute la table (corps compris) : ~20 ms pour 5 000 actualités,
    # mesuré par bench/charge.py --programme.
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    dispositif = models.ForeignKey(
        DispositifPage,
        verbose_name=_("dispositif"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actualites",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    texte_alternatif = models.CharField(
        _("texte de remplacement de l'image"),
        max_length=250,
        blank=True,
        help_text=_(
            "Obligatoire avec une image\u00a0: ce qu'elle apporte, pour qui ne la voit pas."
        ),
    )
    chapo = models.TextField(_("chapô"), max_length=600)
    corps = StreamField(CorpsDePage(), verbose_name=_("corps"), blank=True)
    exemple = models.BooleanField(
        _("actualité d'exemple"), default=False, help_text=_("Contenu fictif de démonstration.")
    )

    champ_date_publication = "first_published_at"

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("dispositif"),
        FieldPanel("image"),
        FieldPanel("texte_alternatif"),
        FieldPanel("chapo"),
        FieldPanel("corps"),
        FieldPanel("commentaires_ouverts"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("chapo"),
        index.SearchField("corps"),
        index.FilterField("date"),
    ]
    parent_page_types = ["programmes.ActualitesPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        ordering = ["-date"]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.image_id and not self.texte_alternatif.strip():
            raise ValidationError(
                {"texte_alternatif": _("Une image a besoin de son texte de remplacement.")}
            )


class PageLegale(PageDuProgramme):
    """Mentions légales, déclaration d'accessibilité, données personnelles."""

    corps = RichTextField(_("corps"), features=FONCTIONS_DU_TEXTE)

    content_panels = [*Page.content_panels, FieldPanel("corps")]
    parent_page_types = ["programmes.AccueilPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("page légale")
        verbose_name_plural = _("pages légales")


def dispositifs_publies(sous: Page) -> PageQuerySet:
    return DispositifPage.objects.publies().descendant_of(sous).order_by("ordre", "path")


def actualites_publiees(sous: Page) -> PageQuerySet:
    return (
        ActualitePage.objects.publies()
        .descendant_of(sous)
        .select_related("dispositif")
        .order_by("-date", "-first_published_at", "-pk")
    )


@register_snippet
class ChiffreCle(models.Model):
    """Un chiffre du programme que le portail ne sait pas compter lui-même ; ceux
    qu'il compte (lieux publiés…) sont calculés à l'affichage (chiffres.py)."""

    valeur = models.CharField(_("valeur"), max_length=30, help_text=_("Ex. « 170 km »."))
    libelle = models.CharField(_("libellé"), max_length=120)
    date_reference = models.DateField(_("à la date du"))
    source = models.CharField(_("source"), max_length=120)
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=50)

    panels = [
        FieldPanel("valeur"),
        FieldPanel("libelle"),
        FieldPanel("date_reference"),
        FieldPanel("source"),
        FieldPanel("ordre"),
    ]

    class Meta:
        verbose_name = _("chiffre clé")
        verbose_name_plural = _("chiffres clés")
        ordering = ["ordre", "pk"]

    def __str__(self) -> str:
        return f"{self.valeur} {self.libelle}"
