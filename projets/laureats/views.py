"""Les pages publiques des lauréats, leurs données ouvertes et les statistiques.

Tout ne montre que les éditions aux résultats publiés (`Laureat.objects.publies()`,
`editions_publiees()`) ; les pages des visiteurs anonymes sont gardées en cache et
périment avec la version des lauréats (changée à la publication et à chaque fiche
modifiée), celle des éditions et, pour la fiche, celle des commentaires."""

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from brest_numerique.cache_anonyme import cache_anonyme
from brest_numerique.graphiques import Serie, euros, graphique, nombre
from brest_numerique.nombres import entier
from commentaires.models import version_des_commentaires
from papi.models import Commune
from projets.laureats import donnees
from projets.laureats.filtres import (
    FiltresLaureats,
    cle_de_la_fiche,
    cle_de_la_liste,
    cle_des_statistiques,
)
from projets.laureats.models import Laureat
from projets.laureats.statistiques import chiffres, editions_publiees
from projets.publiques.editions import version_des_editions

# Cinq minutes : une publication ou une fiche modifiée change la version, et la
# page avec ; seule une publication datée dans l'avenir attend l'expiration.
DUREE_DU_CACHE = 300
VERSIONS = (Laureat.version_publique, version_des_editions)


def _communes():
    return list(Commune.objects.order_by("nom").only("code_insee", "nom"))


@require_safe
@cache_anonyme(prefixe="laureats", duree=DUREE_DU_CACHE, versions=VERSIONS, cle=cle_de_la_liste)
def laureats(request, annee: int):
    edition = get_object_or_404(editions_publiees(), annee=annee)
    themes = list(edition.themes.order_by("libelle"))
    filtres = FiltresLaureats(request.GET, themes=themes, communes=_communes())
    liste = donnees.laureats_publies().filter(dossier__edition=edition)
    statut = 200
    if filtres.is_valid():
        liste = filtres.appliquer(liste)
    else:
        statut = 400
    contexte = {
        "edition": edition,
        "filtres": filtres,
        "laureats": list(liste.order_by("dossier__titre", "pk")),
        "filtre": filtres.is_valid() and any(filtres.cleaned_data.values()),
        "colonnes": donnees.COLONNES,
        "licence": donnees.LICENCE,
        "licence_url": donnees.LICENCE_URL,
    }
    return render(request, "projets/laureats/liste.html", contexte, status=statut)


@require_safe
@cache_anonyme(
    prefixe="laureat",
    duree=DUREE_DU_CACHE,
    versions=(*VERSIONS, version_des_commentaires),
    cle=cle_de_la_fiche,
)
def laureat(request, annee: int, laureat: str):
    fiche = get_object_or_404(
        donnees.laureats_publies().select_related("dossier__edition"), annee=annee, slug=laureat
    )
    return render(request, "projets/laureats/fiche.html", {"laureat": fiche})


@require_safe
def laureats_donnees(request, format: str):
    if format not in donnees.FORMATS:
        raise Http404
    # Le corps dépend de la version des lauréats : un changement le périme aussitôt.
    cle = f"laureats:donnees:{format}:{Laureat.version_publique()}"
    corps = cache.get(cle)
    if corps is None:
        lignes = donnees.lignes()
        corps = donnees.en_csv(lignes) if format == "csv" else donnees.en_json(lignes)
        cache.set(cle, corps, DUREE_DU_CACHE)
    reponse = HttpResponse(corps, content_type=donnees.FORMATS[format])
    reponse["Content-Disposition"] = f'inline; filename="laureats-appel-a-projets.{format}"'
    reponse["Access-Control-Allow-Origin"] = "*"
    return reponse


EFFECTIFS = [
    Serie("recus", gettext_lazy("reçu"), gettext_lazy("reçus"), "#1d4f91"),
    Serie("eligibles", gettext_lazy("éligible"), gettext_lazy("éligibles"), "#6b8fc7"),
    Serie("retenus", gettext_lazy("retenu"), gettext_lazy("retenus"), "#b34700"),
]
MONTANTS = [
    Serie("demande", gettext_lazy("demandé"), gettext_lazy("demandés"), "#1d4f91"),
    Serie("accorde", gettext_lazy("accordé"), gettext_lazy("accordés"), "#b34700"),
]


def _section(identifiant: str, titre: str, lignes) -> dict:
    return {
        "identifiant": identifiant,
        "titre": titre,
        "lignes": [
            {
                "ligne": ligne,
                "recus": nombre(ligne.recus),
                "eligibles": nombre(ligne.eligibles),
                "retenus": nombre(ligne.retenus),
                "demande": euros(ligne.demande),
                "accorde": euros(ligne.accorde),
            }
            for ligne in lignes
        ],
        "effectifs": graphique(
            f"{identifiant}-effectifs",
            _("Dossiers %(titre)s\u00a0: reçus, éligibles et retenus") % {"titre": titre},
            _("Nombre de dossiers par catégorie\u202f; les mêmes nombres sont dans le tableau."),
            lignes,
            EFFECTIFS,
        ),
        "montants": graphique(
            f"{identifiant}-montants",
            _("Montants %(titre)s\u00a0: demandés et accordés") % {"titre": titre},
            _("Montants en euros par catégorie\u202f; les mêmes montants sont dans le tableau."),
            lignes,
            MONTANTS,
            monetaire=True,
        ),
    }


@require_safe
@cache_anonyme(
    prefixe="aap-statistiques", duree=DUREE_DU_CACHE, versions=VERSIONS, cle=cle_des_statistiques
)
def statistiques(request):
    editions = list(editions_publiees().only("pk", "annee", "titre"))
    choisie = None
    if "edition" in request.GET:
        annee = entier(request.GET.get("edition"), minimum=2000, maximum=2100)
        if annee is None or len(request.GET.getlist("edition")) > 1:
            return render(
                request,
                "projets/laureats/statistiques.html",
                {"editions": editions, "erreur": _("Choisissez une édition dans la liste.")},
                status=400,
            )
        choisie = next((e for e in editions if e.annee == annee), None)
        if choisie is None:
            raise Http404
    resultats = chiffres([choisie] if choisie else editions)
    portee = _("de l'édition %(annee)s") % {"annee": choisie.annee} if choisie else ""
    sections = []
    if editions:
        sections = [
            _section("editions", _("par édition"), [*resultats.par_edition, resultats.total]),
            _section("themes", _("par thème"), resultats.par_theme),
            _section("communes", _("par commune"), resultats.par_commune),
            _section("types", _("par type de structure"), resultats.par_type),
        ]
    contexte = {
        "editions": editions,
        "choisie": choisie,
        "portee": portee,
        "sections": sections,
    }
    return render(request, "projets/laureats/statistiques.html", contexte)
