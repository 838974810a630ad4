import math

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from brest_numerique.cache_anonyme import cache_anonyme
from brest_numerique.nombres import entier
from brest_numerique.pagination import Paginateur
from papi import horaires
from papi.cartes import CHAMPS_DES_CARTES, TextesDesCartes, carte_du_lieu
from papi.filtres import NON_FILTRES, FiltresLieux, lecture_des_filtres
from papi.models import Lieu
from papi.panneau import panneau_des_filtres
from papi.services import communes, version_des_lieux

LIEUX_PAR_PAGE = 20
KM_PAR_DEGRE = 111.2


# Au-delà, une page de résultats n'est plus gardée en cache (elle reste servie).
PAGES_GARDEES = 500

# Les filtres que le titre nomme ; les autres y sont seulement comptés.
HORAIRES_DU_TITRE = {
    "ouvert": gettext_lazy("ouverts maintenant"),
    "samedi": gettext_lazy("ouverts le samedi"),
    "soir": gettext_lazy("ouverts après 18 h"),
}
NOMMES_DANS_LE_TITRE = {"commune", "q", "adresse", "service", *HORAIRES_DU_TITRE}
# Les articles qui se contractent avec « à » et « de » (« au Relecq-Kerhuon »).
CONTRACTIONS = {"Le ": {"à": "au", "de": "du"}, "Les ": {"à": "aux", "de": "des"}}


def page_demandee(request, parametre: str) -> str | None:
    """« » sans numéro de page, « &page=N » pour un numéro valable et raisonnable,
    None (pas de cache) pour tout autre valeur."""
    if parametre not in request.GET:
        return ""
    numero = entier(request.GET[parametre], minimum=1, maximum=PAGES_GARDEES)
    return None if numero is None else f"&{parametre}={numero}"


def _cle_de_la_liste(request) -> str | None:
    if not request.GET:
        # L'adresse la plus demandée, sans filtre : sa requête canonique est vide,
        # inutile de bâtir le formulaire (0,5 ms, plus que tout le reste d'une page
        # servie depuis le cache).
        return ""
    # La requête canonique contient l'adresse cherchée, aux espaces près : deux
    # adresses différentes ne partagent jamais une page (ni son tri).
    lecture = lecture_des_filtres(request.GET)
    # La vue reprend le formulaire s'il vient d'être bâti, au lieu d'en bâtir un autre.
    request.filtres_lieux = lecture.formulaire
    page = page_demandee(request, "page")
    # Une valeur invalide s'affiche avec son erreur : cette page-là ne se garde pas.
    if page is None or not lecture.valide:
        return None
    return lecture.canonique + page


def precede(nom: str, preposition: str) -> str:
    """« à Brest », « au Relecq-Kerhuon », « de Guipavas », « du Relecq-Kerhuon »."""
    for article, contractions in CONTRACTIONS.items():
        if nom.startswith(article):
            return f"{contractions[preposition]} {nom.removeprefix(article)}"
    return f"{preposition} {nom}"


def titre_de_la_liste(filtres: FiltresLieux, valeurs: dict, numero: int) -> str:
    """Ce que la page montre (« Points d'accès à Brest, ouverts maintenant — page 2 ») :
    dans l'onglet, l'historique et les favoris, chaque recherche a son nom."""
    commune = filtres.communes.get(valeurs.get("commune") or "")
    precisions = [str(texte) for nom, texte in HORAIRES_DU_TITRE.items() if valeurs.get(nom)]
    if valeurs.get("service"):
        precisions.append(_("service « %(service)s »") % {"service": valeurs["service"]})
    if valeurs.get("q"):
        precisions.append(_("recherche « %(texte)s »") % {"texte": valeurs["q"]})
    if valeurs.get("adresse"):
        precisions.append(_("près de « %(adresse)s »") % {"adresse": valeurs["adresse"]})
    autres = sum(
        1
        for nom, valeur in valeurs.items()
        if nom not in NOMMES_DANS_LE_TITRE | NON_FILTRES and valeur not in (None, "", False)
    )
    if autres:
        precisions.append(
            ngettext("%(nombre)d autre filtre", "%(nombre)d autres filtres", autres)
            % {"nombre": autres}
        )
    if commune:
        sujet = _("Points d'accès %(commune)s") % {"commune": precede(commune.nom, "à")}
    elif precisions:
        sujet = _("Points d'accès")
    else:
        sujet = _("Points d'accès publics à Internet")
    titre = ", ".join([sujet, *precisions])
    return (
        _("%(titre)s — page %(numero)d") % {"titre": titre, "numero": numero}
        if numero > 1
        else titre
    )


# Une minute de cache : l'état « ouvert maintenant » reste juste à la minute près.
@require_safe
@cache_anonyme(prefixe="papi-liste", duree=60, versions=(version_des_lieux,), cle=_cle_de_la_liste)
def liste(request):
    filtres = getattr(request, "filtres_lieux", None)
    if filtres is None:  # pas bâti par la clé (connecté, sans paramètre, lecture connue)
        filtres = FiltresLieux(request.GET, communes=communes())
    lieux = filtres.appliquer(Lieu.objects.publies().only(*CHAMPS_DES_CARTES))
    valeurs = filtres.valeurs()
    page = Paginateur(
        lieux, LIEUX_PAR_PAGE, compter_dans_la_page=filtres.trie_toute_la_selection(valeurs)
    ).get_page(request.GET.get("page"))
    maintenant = timezone.now()
    textes = TextesDesCartes.pour_la_page()
    for lieu in page:
        lieu.etat = horaires.etat(lieu.horaires, maintenant)
        distance2 = getattr(lieu, "distance2", None)
        lieu.distance_km = math.sqrt(distance2) * KM_PAR_DEGRE if distance2 is not None else None
        lieu.carte = carte_du_lieu(lieu, textes)
    centre = filtres.centre(valeurs)
    return render(
        request,
        "papi/liste.html",
        {
            "filtres": filtres,
            "page": page,
            "requete": filtres.requete_canonique(),
            "titre": titre_de_la_liste(filtres, valeurs, page.number),
            "panneau_des_filtres": panneau_des_filtres(filtres),
            "geocodage": filtres.geocodage,
            "depuis_le_centre": precede(centre.nom, "de") if centre else "",
            "distance_impossible": valeurs.get("tri") == "distance"
            and not filtres.point_de_reference(valeurs),
            "tuiles": settings.MAP_TILE_URL,
        },
    )
