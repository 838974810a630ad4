"""Pages du programme du banc : des pages de dispositif et des pages légales en plus
des pages initiales (50 pages en tout), et 5 000 actualités d'exemple sous la liste
des actualités, réparties sur les dispositifs.

Les pages en plus passent par l'API de Wagtail (`add_child`, puis une révision
publiée), comme une page publiée dans l'éditeur. Pas les actualités : `add_child`
coûte ~35 ms par page (verrou du parent, dernier enfant relu, index de recherche
mis à jour une page à la fois), ~110 ms avec la révision publiée, soit 3 à 9 min
pour 5 000. Elles sont écrites en masse : chemins de treebeard calculés à la suite
du dernier enfant, lignes `Page` puis `ActualitePage`, une révision publiée par page
(celle que pointent `live_revision` et `latest_revision`), index de recherche par
lots ; une vingtaine de secondes en tout, dont les deux tiers pour l'index. Le résultat est celui d'une publication
(en ligne, dates de publication, `url_path`), que `publies()`, la liste des
actualités, l'accueil, les flux et la recherche lisent comme les autres ; ni
journal de publication ni index des références (l'onglet « Utilisations » de
l'éditeur), que les pages mesurées ne lisent pas.

Marques : slug `banc-page-…` pour les pages, `banc-info-…` pour les actualités.
"""

import random
import uuid
from collections.abc import Iterator

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from psycopg import sql
from wagtail.models import Page, Revision
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from bench.generateurs.outils import TAILLE_LOT, instant_passe
from brest_numerique.copie import lignes_mettre_a_jour
from programmes.models import (
    AccueilPage,
    ActualitePage,
    ActualitesPage,
    DispositifPage,
    DispositifsPage,
    PageLegale,
    actualites_publiees,
    dispositifs_publies,
    version_des_pages,
)
from programmes.pages_initiales import MENTION_EXEMPLE, pages_initiales_creer

MARQUE_PAGES = "banc-page-"
MARQUE_ACTUALITES = "banc-info-"

# fmt: off
DISPOSITIFS = [
    "Conseillers numériques de quartier", "Pass numérique", "Ateliers numériques des seniors",
    "Fablabs de quartier", "Ordinateurs reconditionnés", "Wi-Fi public dans les équipements",
    "Données ouvertes de la métropole", "Écoles numériques", "Médiation numérique en bibliothèque",
    "Budget participatif numérique", "Maisons France services", "Numérique et emploi",
    "Espaces publics numériques mobiles", "Cartographie collaborative", "Coding goûters",
    "Archives numérisées", "Accompagnement des associations", "Télétravail et tiers-lieux",
    "Sobriété numérique", "Jeunes ambassadeurs du numérique", "Visio-guichets",
    "Numérique en santé", "Culture scientifique et numérique", "Aide à l'équipement",
    "Réseau des bénévoles du numérique",
]
PAGES_LEGALES = [
    "Plan du site", "Conditions générales d'utilisation", "Charte de modération des commentaires",
    "Gestion des cookies", "Crédits", "Schéma pluriannuel d'accessibilité",
    "Politique de sécurité", "Licence des contenus", "Questions fréquentes",
    "Espace presse",
]
THEMES = [
    "premiers pas sur ordinateur", "démarches en ligne", "réseaux sociaux", "sécurité en ligne",
    "retouche photo", "impression 3D", "smartphone et tablette", "logiciels libres",
    "courriel et pièces jointes", "visioconférence", "recherche d'emploi en ligne",
    "santé en ligne", "code et robotique", "banque en ligne", "vidéo et montage",
]
LIEUX = [
    "à la médiathèque de Bellevue", "au centre social de Kerourien", "aux Capucins",
    "à la maison de quartier de Lambézellec", "à Guipavas", "à Plouzané", "au Relecq-Kerhuon",
    "à Gouesnou", "à Bohars", "à Guilers", "au Pilier rouge", "à Saint-Martin", "à Recouvrance",
    "à Pontanézen", "à Kérinou", "à Saint-Marc", "à Keredern", "à la cantine numérique",
]
PUBLICS = [
    "les seniors", "les familles", "les demandeurs d'emploi", "les collégiens",
    "les associations", "tous les habitants", "les parents", "les nouveaux arrivants",
]
EVENEMENTS = ["Atelier", "Permanence", "Formation", "Rencontre", "Forum", "Café numérique",
              "Portes ouvertes", "Conférence", "Initiation", "Journée découverte"]
TITRES = [
    "{evenement} « {theme} » {lieu}",
    "{evenement} {theme} pour {public}",
    "Nouveaux horaires de la permanence numérique {lieu}",
    "Inscriptions ouvertes : {theme} pour {public}",
    "Retour sur la journée « {theme} » {lieu}",
    "{nombre} nouveaux postes en libre accès {lieu}",
    "Le programme des ateliers de {mois} {lieu}",
    "La fibre arrive dans {nombre} immeubles {lieu}",
]
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "septembre",
        "octobre", "novembre", "décembre"]
PHRASES = [
    "L'entrée est libre et gratuite, dans la limite des places disponibles.",
    "Une médiatrice numérique accueille chacun à son rythme, sans prérequis.",
    "Apportez votre ordinateur portable ou votre téléphone si vous en avez un.",
    "Des ordinateurs sont prêtés sur place pour celles et ceux qui n'en ont pas.",
    "Les inscriptions se font à l'accueil ou par téléphone.",
    "La séance dure deux heures, avec une pause au milieu.",
    "Le lieu est accessible aux personnes à mobilité réduite.",
    "Cette action est soutenue par Brest métropole dans le cadre du programme numérique.",
    "Les bénévoles de l'association de quartier prêtent main-forte à l'équipe.",
    "Un support imprimé est remis à chaque participant pour refaire les exercices chez soi.",
    "Les enfants sont les bienvenus s'ils sont accompagnés d'un adulte.",
    "D'autres dates suivront à l'automne dans les autres quartiers de la métropole.",
    "Les participants repartent avec une adresse électronique qui fonctionne.",
    "Aucune donnée personnelle n'est conservée sur les ordinateurs après la séance.",
]
# fmt: on


def _pages():
    return Page.objects.filter(slug__startswith=MARQUE_PAGES)


def _actualites():
    return Page.objects.filter(slug__startswith=MARQUE_ACTUALITES)


def _paragraphes(alea: random.Random, nombre: int) -> list[str]:
    return [" ".join(alea.sample(PHRASES, alea.randint(2, 4))) for _ in range(nombre)]


def _publier(parent: Page, page: Page) -> None:
    parent.add_child(instance=page)
    page.save_revision().publish()


def creer_pages(quantite: int, alea: random.Random) -> None:
    """Des pages de dispositif et des pages légales, publiées par l'API de Wagtail."""
    accueil = pages_initiales_creer()
    rubrique = DispositifsPage.objects.child_of(accueil).get()
    legales = PAGES_LEGALES[: max(0, quantite - len(DISPOSITIFS))]
    for rang, titre in enumerate(DISPOSITIFS[: quantite - len(legales)], start=1):
        _publier(
            rubrique,
            DispositifPage(
                title=f"{MENTION_EXEMPLE} {titre}",
                slug=f"{MARQUE_PAGES}{rang}-{slugify(titre)}",
                chapo=f"{titre} : un dispositif du programme pour {alea.choice(PUBLICS)}.",
                corps=[("texte", RichText(f"<p>{p}</p>")) for p in _paragraphes(alea, 3)],
                ordre=100 + rang,
            ),
        )
    for rang, titre in enumerate(legales, start=1):
        _publier(
            accueil,
            PageLegale(
                title=f"{MENTION_EXEMPLE} {titre}",
                slug=f"{MARQUE_PAGES}{len(DISPOSITIFS) + rang}-{slugify(titre)}",
                corps="".join(f"<p>{p}</p>" for p in _paragraphes(alea, 4)),
            ),
        )


def _titre(alea: random.Random) -> str:
    return alea.choice(TITRES).format(
        evenement=alea.choice(EVENEMENTS),
        theme=alea.choice(THEMES),
        lieu=alea.choice(LIEUX),
        public=alea.choice(PUBLICS),
        mois=alea.choice(MOIS),
        nombre=alea.randint(2, 12),
    )


def _actualites_en_memoire(
    quantite: int, alea: random.Random, rubrique: ActualitesPage
) -> Iterator[ActualitePage]:
    """Les actualités prêtes à écrire : champs de Page compris, à la suite du dernier
    enfant de la liste (les chemins de treebeard se suivent)."""
    dispositifs = list(dispositifs_publies(rubrique.get_parent()))
    type_id = ContentType.objects.get_for_model(ActualitePage).pk
    derniere = rubrique.get_last_child()
    premier_rang = derniere._get_lastpos_in_path() + 1 if derniere else 1
    for n in range(quantite):
        titre = f"{MENTION_EXEMPLE} {_titre(alea)}"
        slug = f"{MARQUE_ACTUALITES}{n + 1}-{slugify(titre)[:60].strip('-')}"
        publiee = instant_passe(alea, jours=8 * 365)
        # Une sur six ne relève d'aucun dispositif, comme une annonce générale.
        dispositif = alea.choice(dispositifs) if alea.random() > 1 / 6 else None
        page = ActualitePage(
            title=titre,
            draft_title=titre,
            slug=slug,
            url_path=f"{rubrique.url_path}{slug}/",
            path=Page._get_path(rubrique.path, rubrique.depth + 1, premier_rang + n),
            depth=rubrique.depth + 1,
            numchild=0,
            content_type_id=type_id,
            locale_id=rubrique.locale_id,
            translation_key=uuid.UUID(int=alea.getrandbits(128), version=4),
            live=True,
            has_unpublished_changes=False,
            first_published_at=publiee,
            last_published_at=publiee,
            latest_revision_created_at=publiee,
            date=timezone.localdate(publiee),
            dispositif=dispositif,
            chapo=f"{alea.choice(EVENEMENTS)} {alea.choice(THEMES)} pour {alea.choice(PUBLICS)} "
            f"{alea.choice(LIEUX)}. {alea.choice(PHRASES)}",
            corps=[
                ("texte", RichText(f"<p>{p}</p>")) for p in _paragraphes(alea, alea.randint(2, 4))
            ],
            exemple=True,
        )
        # Aucun commentaire d'éditeur : sans cela, la révision les relirait page par page.
        page.wagtail_admin_comments = []
        yield page


def _ecrire(lot: list[ActualitePage]) -> None:
    """Les lignes de Page par bulk_create (qui refuse l'héritage multi-table), puis
    celles d'ActualitePage une à une, sans ré-enregistrer le parent (raw)."""
    champs = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    parents = Page.objects.bulk_create(
        [Page(**{champ: getattr(page, champ) for champ in champs}) for page in lot],
        batch_size=TAILLE_LOT,
    )
    for page, parent in zip(lot, parents, strict=True):
        page.id = page.page_ptr_id = parent.pk
        # raw : ni Page.save(), ni les signaux de Wagtail (index page par page).
        page.save_base(raw=True, force_insert=True)
    type_id = ContentType.objects.get_for_model(Page).pk
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type_id=page.content_type_id,
                base_content_type_id=type_id,
                object_id=str(page.pk),
                created_at=page.first_published_at,
                object_str=page.title,
                content=page.serializable_data(),
            )
            for page in lot
        ],
        batch_size=TAILLE_LOT,
    )
    lignes_mettre_a_jour(
        modele=Page,
        champs=["latest_revision_id", "live_revision_id"],
        lignes=[(page.pk, rev.pk, rev.pk) for page, rev in zip(lot, revisions, strict=True)],
    )
    get_search_backend().add_bulk(ActualitePage, lot)


def creer_actualites(quantite: int, alea: random.Random) -> None:
    accueil = AccueilPage.objects.get()
    rubrique = ActualitesPage.objects.child_of(accueil).get()
    lot = []
    for page in _actualites_en_memoire(quantite, alea, rubrique):
        lot.append(page)
        if len(lot) == TAILLE_LOT:
            _ecrire(lot)
            lot = []
    if lot:
        _ecrire(lot)
    Page.objects.filter(pk=rubrique.pk).update(numchild=F("numchild") + quantite)
    # Aucun signal de publication : les pages des anonymes gardées en cache sont
    # périmées ici, comme après une publication.
    version_des_pages.changer()


def supprimer_pages() -> None:
    """Par l'API de Wagtail, comme un webmestre (journal, révisions, index)."""
    for page in _pages().specific():
        page.delete()


def supprimer_actualites() -> None:
    """En masse, sans Page.delete() : effacer 5 000 pages une à une prend ~40 s
    (dépublication, journal de suppression, index et références page par page ;
    treebeard enregistre le parent à chaque page). Les actualités générées sont des
    feuilles, sans journal ni références : on efface leurs entrées d'index, leurs
    révisions, leurs lignes, puis on recompte les enfants de leur parent."""
    pages = list(_actualites().values_list("pk", "path"))
    if not pages:
        return
    ids = [pk for pk, _chemin in pages]
    parents = {chemin[: -Page.steplen] for _pk, chemin in pages}
    cles = [str(pk) for pk in ids]
    types = ContentType.objects.get_for_models(Page, ActualitePage).values()
    IndexEntry.objects.filter(content_type__in=types, object_id__in=cles).delete()
    Revision.objects.filter(base_content_type__in=types, object_id__in=cles).delete()
    with connection.cursor() as curseur:
        for modele, colonne in ((ActualitePage, "page_ptr_id"), (Page, "id")):
            curseur.execute(
                sql.SQL("DELETE FROM {} WHERE {} = ANY(%s)").format(
                    sql.Identifier(modele._meta.db_table), sql.Identifier(colonne)
                ),
                [ids],
            )
    for parent in Page.objects.filter(path__in=parents):
        Page.objects.filter(pk=parent.pk).update(numchild=parent.get_children().count())
    version_des_pages.changer()


def adresses_du_programme() -> list[str]:
    """Ce que mesure `--programme` : l'accueil, le premier dispositif, la liste des
    actualités (pages 1 et 2) et la plus récente des actualités générées."""
    accueil = AccueilPage.objects.get()
    dispositif = dispositifs_publies(accueil).first()
    actualite = actualites_publiees(accueil).filter(slug__startswith=MARQUE_ACTUALITES).first()
    if dispositif is None or actualite is None:
        return []
    liste = ActualitesPage.objects.child_of(accueil).get()
    return ["/", dispositif.url, liste.url, f"{liste.url}?page=2", actualite.url]
