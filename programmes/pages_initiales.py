"""Les pages que le portail pose au premier démarrage, par l'API de Wagtail :
l'accueil (racine du site), les neuf dispositifs, la rubrique des actualités, les
trois pages légales, et les chiffres clés éditables. Les textes sont dans
contenus_initiaux.py.

Chaque page est publiée par une révision (`save_revision().publish()`), comme si
un Webmestre l'avait publiée : l'historique existe dès le départ et le premier
« Publier » de l'éditeur n'écrase rien d'invisible.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from programmes import contenus_initiaux as textes
from programmes.models import (
    AccueilPage,
    ActualitePage,
    ActualitesPage,
    ChiffreCle,
    DispositifPage,
    DispositifsPage,
    PageLegale,
)

MENTION_EXEMPLE = "[Exemple]"


def _publier(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    # publish() enregistre une copie tirée de la révision : l'instance en mémoire
    # n'a ni sa révision en ligne ni ses dates de publication.
    page.refresh_from_db()
    return page


def _corps_du_dispositif(dispositif: dict) -> list[tuple]:
    corps = [("texte", RichText(paragraphe)) for paragraphe in dispositif["corps"]]
    if dispositif["chiffre"]:
        valeur, libelle = dispositif["chiffre"]
        # Après le premier paragraphe : le chiffre illustre la présentation.
        corps.insert(
            1, ("chiffre", {"valeur": valeur, "libelle": libelle, "source": "Brest métropole"})
        )
    if dispositif["appel"]:
        texte, lien = dispositif["appel"]
        corps.append(("appel", {"texte": texte, "page": None, "lien": lien}))
    return corps


def _racine_du_site(accueil: AccueilPage) -> None:
    """Le site par défaut de Wagtail sert l'accueil, à l'adresse publique du portail
    (SITE_URL) : les adresses absolues des pages (plan du site) la reprennent."""
    from urllib.parse import urlsplit

    from django.conf import settings

    adresse = urlsplit(settings.SITE_URL)
    hote = {
        "hostname": adresse.hostname or "localhost",
        "port": adresse.port or (443 if adresse.scheme == "https" else 80),
        "site_name": settings.SITE_NAME,
        "root_page": accueil,
    }
    Site.objects.update_or_create(is_default_site=True, defaults=hote)


def _supprimer_la_page_de_bienvenue() -> None:
    # La page « Welcome » des migrations de Wagtail : une `Page` de base, sans
    # enfant, au niveau 2. Le site ne pointe plus sur elle (sinon sa suppression
    # emporterait le Site).
    type_page = ContentType.objects.get_for_model(Page)
    for page in Page.objects.filter(depth=2, content_type=type_page, numchild=0):
        page.delete()


def _racine_de_wagtail() -> Page:
    """La racine de l'arbre et la langue des contenus, posées par les migrations de
    Wagtail ; refaites si la base a été vidée (tests transactionnels)."""
    from django.conf import settings
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    racine = Page.get_first_root_node()
    if racine is None:
        racine = Page.add_root(instance=Page(title="Root", slug="root"))
    return racine


@transaction.atomic
def pages_initiales_creer() -> AccueilPage:
    """Pose l'arbre des pages du programme ; ne fait rien s'il existe déjà."""
    existante = AccueilPage.objects.first()
    if existante is not None:
        return existante

    racine = _racine_de_wagtail()
    accueil = _publier(
        racine,
        AccueilPage(
            title="Brest numérique",
            slug="accueil",
            seo_title="Le numérique pour tous les habitants de Brest métropole",
            chapo=textes.ACCUEIL_CHAPO,
            objectifs=[
                ("objectif", {"titre": titre, "texte": texte}) for titre, texte in textes.OBJECTIFS
            ],
        ),
    )
    _racine_du_site(accueil)
    _supprimer_la_page_de_bienvenue()

    rubrique = _publier(
        accueil,
        DispositifsPage(
            title="Les dispositifs du programme",
            slug="dispositifs",
            chapo=textes.DISPOSITIFS_CHAPO,
        ),
    )
    for rang, dispositif in enumerate(textes.DISPOSITIFS, start=1):
        _publier(
            rubrique,
            DispositifPage(
                title=dispositif["titre"],
                slug=dispositif["slug"],
                chapo=dispositif["chapo"],
                corps=_corps_du_dispositif(dispositif),
                ordre=rang * 10,
                accompagnement=dispositif["accompagnement"],
            ),
        )
    _publier(
        accueil,
        ActualitesPage(title="Actualités", slug="actualites", chapo=textes.ACTUALITES_CHAPO),
    )
    for slug, titre, corps in textes.PAGES_LEGALES:
        _publier(accueil, PageLegale(title=titre, slug=slug, corps=corps.strip()))

    if not ChiffreCle.objects.exists():
        for rang, (valeur, libelle) in enumerate(textes.CHIFFRES_CLES, start=1):
            ChiffreCle.objects.create(
                valeur=valeur,
                libelle=libelle,
                date_reference=textes.DATE_DES_CHIFFRES,
                source="Brest métropole",
                ordre=rang * 10,
            )
    return accueil


@transaction.atomic
def actualites_exemple_creer(nombre: int = 12) -> list[ActualitePage]:
    """Des actualités fictives, marquées comme telles (`exemple`, « [Exemple] » dans
    le titre), étalées sur les derniers mois. Idempotent : une actualité dont le
    slug existe déjà n'est pas recréée."""
    accueil = pages_initiales_creer()
    rubrique = ActualitesPage.objects.child_of(accueil).get()
    dispositifs = {page.slug: page for page in DispositifPage.objects.descendant_of(accueil)}
    deja_la = set(ActualitePage.objects.child_of(rubrique).values_list("slug", flat=True))
    aujourd_hui = timezone.localdate()
    modeles = textes.ACTUALITES_EXEMPLE
    creees = []
    for rang in range(nombre):
        titre, slug_dispositif, chapo, texte = modeles[rang % len(modeles)]
        numero = f"-{rang // len(modeles) + 1}" if rang >= len(modeles) else ""
        slug = f"exemple-{slugify(titre)}{numero}"[:255]
        if slug in deja_la:
            continue
        creees.append(
            _publier(
                rubrique,
                ActualitePage(
                    title=f"{MENTION_EXEMPLE} {titre}",
                    slug=slug,
                    date=aujourd_hui - timedelta(days=3 + 15 * rang),
                    dispositif=dispositifs.get(slug_dispositif),
                    chapo=chapo,
                    corps=[("texte", RichText(f"<p>{texte}</p>"))],
                    exemple=True,
                ),
            )
        )
    return creees
