"""Les données ouvertes des PAPI : le GeoJSON de la carte, le CSV du standard et
le même en XLSX.

Une requête répétée ne coûte presque rien : l'ETag se calcule sans base de
données (version des lieux et filtres), et le corps déjà sérialisé attend dans
le cache partagé (Redis en production) sous une clé qui contient la version.
"""

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from zlib_ng import gzip_ng

from brest_numerique.tableur import TYPE_XLSX
from papi.exports import lieux_en_csv, lieux_en_xlsx
from papi.filtres import FiltresLieux, lecture_des_filtres
from papi.geojson import lieux_en_geojson
from papi.models import Lieu
from papi.services import communes, version_des_lieux

DUREE_NAVIGATEUR = 300
# La version fait partie de la clé : un corps ne devient jamais faux, il ne
# sert simplement plus ; ce délai libère la place des versions dépassées.
DUREE_CACHE = 3600
DUREE_DATE_DE_VERSION = 30 * 24 * 3600
# À changer à chaque changement de contenu ou d'encodage des exports : après la
# mise à jour, aucun corps gardé en cache (ni aucun ETag) d'avant ne resservira.
FORMAT_DES_EXPORTS = "f6"
# Voir _servir : le coût de la première réponse d'une version.
NIVEAU_GZIP = 2
NOM_DU_CSV = "lieux-mediation-numerique-brest-metropole.csv"
NOM_DU_XLSX = "lieux-mediation-numerique-brest-metropole.xlsx"


@dataclass(frozen=True)
class Signature:
    cle: str
    etag: str
    modifie_le: int
    duree_navigateur: int
    duree_cache: int


_VUE_LE: dict[int, int] = {}


def _signature(format_: str, filtres: str = "") -> Signature:
    """Clé de cache, ETag et dates de la réponse, sans requête SQL."""
    version = version_des_lieux()
    maintenant = int(timezone.now().timestamp())
    # Le premier instant où cette version a été servie : au plus tard quelques
    # instants après la modification réelle, jamais avant, ce qui suffit à
    # If-Modified-Since (l'ETag, plus précis, a priorité).
    modifie_le = _VUE_LE.get(version)
    if modifie_le is None:
        # Gardée aussi dans le processus : une fois posée, elle ne change plus pour
        # cette version, et chaque réponse épargne un aller-retour Redis.
        modifie_le = cache.get_or_set(
            f"papi:version-vue-le:{version}", maintenant, DUREE_DATE_DE_VERSION
        )
        if len(_VUE_LE) >= CORPS_RECENTS_MAX:
            _VUE_LE.clear()
        _VUE_LE[version] = modifie_le
    duree_navigateur, duree_cache = DUREE_NAVIGATEUR, DUREE_CACHE
    if "ouvert" in QueryDict(filtres):
        # « Ouvert maintenant » dépend de l'heure : une réponse par minute.
        debut_minute = maintenant - maintenant % 60
        filtres = f"{filtres}&minute={debut_minute}"
        modifie_le = max(modifie_le, debut_minute)
        duree_navigateur = duree_cache = debut_minute + 60 - maintenant
    empreinte = hashlib.sha256(filtres.encode()).hexdigest()[:24]
    return Signature(
        cle=f"papi:donnees:{FORMAT_DES_EXPORTS}:{format_}:{version}:{empreinte}",
        etag=f'"{format_}-{FORMAT_DES_EXPORTS}-{version}-{empreinte}"',
        modifie_le=modifie_le,
        duree_navigateur=duree_navigateur,
        duree_cache=duree_cache,
    )


# Les derniers corps servis, dans la mémoire du processus : leur clé porte la
# version des lieux, donc un corps gardé ici n'est jamais faux, seulement plus
# demandé. Cela épargne, à chaque réponse, le transfert depuis Redis de plusieurs
# centaines de kilo-octets.
_CORPS_RECENTS: OrderedDict[str, bytes] = OrderedDict()
CORPS_RECENTS_MAX = 8


def _corps(signature: Signature, produire: Callable[[], bytes]) -> tuple[bytes, bytes | None]:
    """(corps compressé, corps brut s'il vient d'être produit, sinon None)."""
    brut = None
    corps = _CORPS_RECENTS.get(signature.cle)
    if corps is None:
        corps = cache.get(signature.cle)
        if corps is None:
            brut = produire()
            corps = gzip_ng.compress(brut, compresslevel=NIVEAU_GZIP)
            cache.set(signature.cle, corps, signature.duree_cache)
        _CORPS_RECENTS[signature.cle] = corps
        while len(_CORPS_RECENTS) > CORPS_RECENTS_MAX:
            _CORPS_RECENTS.popitem(last=False)
    _CORPS_RECENTS.move_to_end(signature.cle)
    return corps, brut


def _accepte_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def _servir(
    request: HttpRequest,
    signature: Signature,
    produire: Callable[[], bytes],
    content_type: str,
    entetes: dict | None = None,
) -> HttpResponse:
    # Le corps est gardé compressé : 20 000 lieux font ~4,4 Mo de GeoJSON, ~480 Ko en
    # gzip, compressés une fois par version plutôt qu'à chaque réponse. zlib-ng
    # plutôt que zlib : même format, un tiers de temps en moins au même niveau.
    # Niveau 2 et non 6 : la première réponse d'une version paie la compression
    # (mesuré sur ce GeoJSON : 9 ms et 476 Ko au niveau 2, 28 ms et 418 Ko au 6).
    compresse = _accepte_gzip(request)
    etag = signature.etag[:-1] + '-gz"' if compresse else signature.etag
    reponse = get_conditional_response(request, etag=etag, last_modified=signature.modifie_le)
    if reponse is None:
        corps, brut = _corps(signature, produire)
        if not compresse and brut is None:
            brut = gzip_ng.decompress(corps)
        reponse = HttpResponse(
            corps if compresse else brut,
            content_type=content_type,
            headers=entetes,
        )
        if compresse:
            reponse["Content-Encoding"] = "gzip"
    if reponse.status_code in (200, 304):
        patch_vary_headers(reponse, ["Accept-Encoding"])
        reponse["ETag"] = etag
        reponse["Last-Modified"] = http_date(signature.modifie_le)
        patch_cache_control(reponse, public=True, max_age=signature.duree_navigateur)
    return reponse


def filtres_normalises(requete: QueryDict) -> str:
    """Les seuls filtres valides, sous leur forme canonique : `?a=1&b=2` et
    `?b=2&a=1&_=123` partagent l'ETag et le cache, et une valeur invalide ou un
    paramètre inconnu ne crée jamais de copie de plus."""
    if not requete:
        # La carte sans filtre, la plus demandée : rien à valider, et bâtir le
        # formulaire coûterait plus que tout le reste d'une réponse gardée.
        return ""
    return lecture_des_filtres(requete).canonique


@require_safe
def lieux_geojson(request: HttpRequest) -> HttpResponse:
    """Les lieux publiés et géolocalisés, avec les filtres de la page /papi/."""
    filtres = filtres_normalises(request.GET)

    def produire() -> bytes:
        # Le formulaire lit la requête normalisée, celle de la clé de cache :
        # deux adresses qui partagent une clé donnent forcément le même résultat.
        formulaire = FiltresLieux(QueryDict(filtres), communes=communes())
        return lieux_en_geojson(formulaire.appliquer(Lieu.objects.publies()))

    return _servir(request, _signature("geojson", filtres), produire, "application/geo+json")


def _lieux_du_standard():
    """Les lieux publiés, sans les lieux d'exemple que la carte montre en
    démonstration : le CSV alimente la cartographie nationale, qui ne doit recevoir
    que des lieux réels (la page /papi/ l'explique)."""
    return Lieu.objects.publies().filter(donnees_exemple=False).order_by("identifiant")


@require_safe
def lieux_csv(request: HttpRequest) -> HttpResponse:
    """Tous les lieux réels publiés, au format exact du standard national v1.0.2."""
    return _servir(
        request,
        _signature("csv"),
        lambda: lieux_en_csv(_lieux_du_standard()),
        "text/csv; charset=utf-8",
        {"Content-Disposition": f'attachment; filename="{NOM_DU_CSV}"'},
    )


@require_safe
def lieux_xlsx(request: HttpRequest) -> HttpResponse:
    """Les lignes du CSV dans un classeur, pour qui ouvre les fichiers dans un tableur."""
    return _servir(
        request,
        _signature("xlsx"),
        lambda: lieux_en_xlsx(_lieux_du_standard()),
        TYPE_XLSX,
        {"Content-Disposition": f'attachment; filename="{NOM_DU_XLSX}"'},
    )
