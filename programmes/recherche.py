"""La recherche sur tout le site (/recherche/?q=…) : lieux, actualités, pages de
dispositif, rangés par sorte avec leur nombre.

Chaque sorte est une *source* : une fonction qui reçoit les mots de la recherche
(déjà nettoyés par `mots_recherches`, donc sans danger pour la base) et rend un
`Groupe` (libellé, premiers résultats, nombre total). Une application en ajoute
une depuis son `ready()` par `enregistrer(source)` ; les lauréats de l'appel à
projets viendront ainsi.

Sur PostgreSQL, tout est plein texte français sans accents (`french_unaccent`,
migration papi 0002) : les lieux par leur vecteur (`Lieu.objects.rechercher`), les
pages par l'index de Wagtail (`SEARCH_CONFIG = "french_unaccent"`), si bien que
« mediatheques » trouve « Médiathèque ». Sur SQLite (mode démonstration), pas de
plein texte : lieux et pages sont comparés en Python, accents et casse repliés,
pluriel en s/x retiré, sur quelques champs (nom, adresse, commune et résumé des
lieux ; titre et chapô des pages), parmi les BORNE_SANS_POSTGRESQL premiers de
chaque sorte ; l'annuaire (/papi/?q=), lui, y reste sensible aux accents.
"""

import datetime
import unicodedata
from collections.abc import Callable, Iterable
from typing import NamedTuple
from urllib.parse import urlencode

from django import forms
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from brest_numerique.publication import publics
from papi.models import Lieu
from papi.querysets import mots_recherches
from programmes.models import ActualitePage, DispositifPage

RESULTATS_PAR_SORTE = 10
# Au-delà, « plus de 1 000 » : compter les 9 000 lieux d'un « atelier numérique »
# coûterait plus que la recherche elle-même, pour un nombre que personne ne lit.
PLAFOND_DU_TOTAL = 1000
BORNE_SANS_POSTGRESQL = 2000


class RechercheForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Rechercher sur le site"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Un lieu, une actualité, un dispositif…"),
    )


class Trouvaille(NamedTuple):
    titre: str
    adresse: str
    extrait: str = ""
    precision: str = ""
    date: datetime.date | None = None


class Groupe(NamedTuple):
    libelle: str
    resultats: list[Trouvaille]
    total: int  # PLAFOND_DU_TOTAL + 1 veut dire « plus de PLAFOND_DU_TOTAL »
    voir_tout: str = ""  # l'adresse de la liste complète, quand elle existe
    voir_tout_libelle: str = ""

    @property
    def au_dela(self) -> bool:
        return self.total > PLAFOND_DU_TOTAL


Source = Callable[[list[str]], Groupe]


def enregistrer(source: Source) -> None:
    if source not in SOURCES:
        SOURCES.append(source)


def rechercher(texte: str) -> list[Groupe]:
    """Un groupe par source, dans l'ordre d'enregistrement ; aucun si le texte n'a
    pas de mot (et alors aucune requête)."""
    mots = mots_recherches(texte)
    if not mots:
        return []
    return [source(mots) for source in SOURCES]


def _premiers(resultats) -> tuple[list, int]:
    # Le total ne coûte une requête de plus que s'il y a plus qu'on n'en montre.
    premiers = list(resultats[:RESULTATS_PAR_SORTE])
    if len(premiers) < RESULTATS_PAR_SORTE:
        return premiers, len(premiers)
    if isinstance(resultats, QuerySet):
        # Sans tri ni pertinence : on compte, on ne classe pas.
        return premiers, resultats.order_by().values("pk")[: PLAFOND_DU_TOTAL + 1].count()
    return premiers, min(resultats.count(), PLAFOND_DU_TOTAL + 1)


def plier(texte: str) -> str:
    """Sans accents ni casse : « Médiathèque » → « mediatheque »."""
    decompose = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decompose if not unicodedata.combining(c)).casefold()


def _sans_pluriel(mot: str) -> str:
    return mot[:-1] if len(mot) > 3 and mot[-1] in "sx" else mot


def _sans_postgresql(
    objets, mots: list[str], ordre: Iterable[str], champs: Iterable[str]
) -> tuple[list, int]:
    racines = [_sans_pluriel(plier(mot)) for mot in mots]
    candidats = objets.order_by(*ordre).values_list("pk", *champs)
    retenus = [
        pk
        for pk, *textes in candidats[:BORNE_SANS_POSTGRESQL]
        if all(racine in plier(" ".join(filter(None, textes))) for racine in racines)
    ]
    premiers = list(objets.filter(pk__in=retenus[:RESULTATS_PAR_SORTE]).order_by(*ordre))
    return premiers, min(len(retenus), PLAFOND_DU_TOTAL + 1)


def _pages(modele, mots: list[str], ordre: Iterable[str]) -> tuple[list, int]:
    pages = publics(modele).defer_streamfields()
    if connection.vendor == "postgresql":
        return _premiers(pages.search(" ".join(mots), operator="and"))
    return _sans_postgresql(pages, mots, ordre, ("title", "chapo"))


def lieux(mots: list[str]) -> Groupe:
    texte = " ".join(mots)
    champs = ("nom", "slug", "adresse", "commune")
    if connection.vendor == "postgresql":
        trouves = publics(Lieu).rechercher(texte).only(*champs).order_by("-pertinence", "nom")
        premiers, total = _premiers(trouves)
    else:
        premiers, total = _sans_postgresql(
            publics(Lieu).only(*champs),
            mots,
            ("nom",),
            ("nom", "adresse", "commune", "presentation_resume"),
        )
    return Groupe(
        _("Points d'accès publics à Internet"),
        [
            Trouvaille(
                lieu.nom, lieu.get_absolute_url(), precision=f"{lieu.adresse}, {lieu.commune}"
            )
            for lieu in premiers
        ],
        total,
        voir_tout=f"{reverse('papi:liste')}?{urlencode({'q': texte})}",
        voir_tout_libelle=_("Voir tous les lieux trouvés dans l'annuaire"),
    )


def actualites(mots: list[str]) -> Groupe:
    premieres, total = _pages(ActualitePage, mots, ("-date", "-pk"))
    return Groupe(
        _("Actualités"),
        [Trouvaille(page.title, page.url, page.chapo, date=page.date) for page in premieres],
        total,
    )


def dispositifs(mots: list[str]) -> Groupe:
    premiers, total = _pages(DispositifPage, mots, ("ordre", "path"))
    return Groupe(
        _("Dispositifs du programme"),
        [Trouvaille(page.title, page.url, page.chapo) for page in premiers],
        total,
    )


SOURCES: list[Source] = [lieux, actualites, dispositifs]


@require_safe
def recherche(request: HttpRequest) -> HttpResponse:
    formulaire = RechercheForm(request.GET)
    q, groupes, message = "", [], ""
    if formulaire.is_valid():
        q = formulaire.cleaned_data["q"]
        groupes = rechercher(q)
        if not q:
            message = _(
                "Tapez un ou plusieurs mots pour chercher un lieu, une actualité ou un dispositif."
            )
        elif not groupes:
            message = _("Tapez au moins un mot\u00a0: des lettres ou des chiffres.")
    return render(
        request,
        "programmes/recherche.html",
        {
            "formulaire": formulaire,
            "q": q,
            "groupes": groupes,
            "total": sum(min(groupe.total, PLAFOND_DU_TOTAL) for groupe in groupes),
            "au_dela": any(groupe.au_dela for groupe in groupes),
            "plafond": PLAFOND_DU_TOTAL,
            "message": message,
        },
    )
