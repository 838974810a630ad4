"""Le géocodeur national (API Adresse de la Base adresse nationale) : l'adresse
qu'un visiteur tape → sa position, d'où partira le tri des lieux par distance.

Le serveur l'interroge (le navigateur n'a pas à joindre un tiers), avec un délai
court et un cache : un géocodeur lent ou en panne ne retient jamais la page plus
de GEOCODEUR_DELAI_MS, et il n'est pas réinterrogé à chaque visite tant qu'il ne
répond pas."""

import hashlib
import json
import logging
import math
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache

from papi.querysets import MOT, sans_accents

if TYPE_CHECKING:
    from papi.models import Commune

journal = logging.getLogger(__name__)

# Le géocodeur refuse (400) une demande de moins de trois caractères.
LONGUEUR_MIN = 3

# Le géocodeur préfère, à nom de rue égal, les adresses proches de ce point : une
# « rue de Siam » tapée sans commune est celle de Brest, pas une homonyme lointaine.
CENTRE_METROPOLE = (48.40, -4.48)
# Une adresse se déplace rarement : un mois. « Introuvable » peut changer quand la
# Base adresse nationale s'enrichit : un jour. Un géocodeur muet est réinterrogé
# au bout d'une minute, pas à chaque visite (chacune attendrait le délai entier).
DUREE_TROUVEE = 30 * 24 * 3600
DUREE_INTROUVABLE = 24 * 3600
DUREE_INDISPONIBLE = 60
# La réponse attendue tient en quelques kilo-octets (limit=1) : au-delà, ce n'est
# pas le géocodeur qui répond.
TAILLE_MAX_REPONSE = 64 * 1024


class Issue(StrEnum):
    TROUVEE = "trouvee"
    INTROUVABLE = "introuvable"
    INDISPONIBLE = "indisponible"


@dataclass(frozen=True)
class Geocodage:
    issue: Issue
    latitude: float | None = None
    longitude: float | None = None
    # L'adresse telle que le géocodeur l'a comprise (« 12 Rue de Siam 29200 Brest »).
    libelle: str = ""

    @property
    def position(self) -> tuple[float, float] | None:
        return (self.latitude, self.longitude) if self.issue == Issue.TROUVEE else None


def adresse_normalisee(adresse: str) -> str:
    """La forme sous laquelle deux saisies de la même adresse se confondent (la clé
    du cache), et celle qui part au géocodeur : ses seuls mots, en minuscules. La
    ponctuation ne lui apprend rien, et les caractères de contrôle n'y vont pas."""
    return " ".join(MOT.findall(adresse.casefold()))


def _mots(texte: str) -> str:
    return " " + " ".join(MOT.findall(sans_accents(texte))) + " "


def commune_nommee(adresse: str, communes: Iterable["Commune"]) -> "Commune | None":
    """La commune que nomme une adresse tapée, par son nom (accents, majuscules et
    traits d'union ignorés) ou par son code postal s'il n'est qu'à elle : d'où trier
    quand le géocodeur ne la situe pas. Dans « 5 rue de Brest, Plouzané », c'est
    la dernière nommée, Plouzané : la commune s'écrit après la rue."""
    communes = list(communes)
    texte = _mots(adresse)
    codes = Counter(commune.code_postal for commune in communes)
    trouvees = []
    for commune in communes:
        position = texte.rfind(_mots(commune.nom))
        if codes[commune.code_postal] == 1:
            position = max(position, texte.rfind(f" {commune.code_postal} "))
        if position >= 0:
            trouvees.append((position, commune))
    return max(trouvees, key=lambda trouvee: trouvee[0])[1] if trouvees else None


def geocoder(adresse: str) -> Geocodage:
    """La position de `adresse`, ou pourquoi il n'y en a pas. Jamais d'exception :
    la page qui demande doit se servir quoi qu'il arrive au géocodeur."""
    normalisee = adresse_normalisee(adresse)
    cle = "papi:geocodage:v1:" + hashlib.sha256(normalisee.encode()).hexdigest()
    # Le cache garde des types simples (un tuple), pas la classe : un changement de
    # code ne rend pas illisibles les entrées déjà écrites.
    en_cache = cache.get(cle)
    if en_cache is not None:
        issue, latitude, longitude, libelle = en_cache
        return Geocodage(Issue(issue), latitude, longitude, libelle)
    try:
        resultat = _interroger(normalisee)
    except (OSError, ValueError) as erreur:
        # OSError : délai dépassé, connexion refusée, réponse HTTP d'erreur
        # (HTTPError) ; ValueError : corps illisible (JSON, encodage, forme).
        journal.warning("Géocodeur indisponible (%s) : %s", settings.GEOCODEUR_URL, erreur)
        resultat = Geocodage(Issue.INDISPONIBLE)
    duree = {
        Issue.TROUVEE: DUREE_TROUVEE,
        Issue.INTROUVABLE: DUREE_INTROUVABLE,
        Issue.INDISPONIBLE: DUREE_INDISPONIBLE,
    }[resultat.issue]
    cache.set(
        cle,
        (resultat.issue.value, resultat.latitude, resultat.longitude, resultat.libelle),
        duree,
    )
    return resultat


def _interroger(adresse: str) -> Geocodage:
    parametres = urllib.parse.urlencode(
        {"q": adresse, "limit": 1, "lat": CENTRE_METROPOLE[0], "lon": CENTRE_METROPOLE[1]}
    )
    # GEOCODEUR_URL vient des réglages, dont le schéma http(s) est vérifié au démarrage.
    requete = urllib.request.Request(  # noqa: S310
        f"{settings.GEOCODEUR_URL}?{parametres}", headers={"Accept": "application/json"}
    )
    delai = settings.GEOCODEUR_DELAI_MS / 1000
    with urllib.request.urlopen(requete, timeout=delai) as reponse:  # noqa: S310
        corps = reponse.read(TAILLE_MAX_REPONSE + 1)
    if len(corps) > TAILLE_MAX_REPONSE:
        raise ValueError("réponse trop longue")
    return _lire(json.loads(corps.decode()))


def _lire(collection) -> Geocodage:
    """Le premier résultat d'une FeatureCollection GeoJSON ; ValueError si la
    réponse n'en a pas la forme."""
    if not isinstance(collection, dict) or not isinstance(collection.get("features"), list):
        raise ValueError("pas une FeatureCollection")
    if not collection["features"]:
        return Geocodage(Issue.INTROUVABLE)
    entite = collection["features"][0]
    try:
        longitude, latitude = entite["geometry"]["coordinates"][:2]
        libelle = str(entite.get("properties", {}).get("label", ""))
        latitude, longitude = float(latitude), float(longitude)
    except (KeyError, TypeError, AttributeError) as erreur:
        raise ValueError(f"résultat sans coordonnées : {erreur}") from None
    if not (
        math.isfinite(latitude)
        and math.isfinite(longitude)
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    ):
        raise ValueError("coordonnées hors du globe")
    return Geocodage(Issue.TROUVEE, latitude, longitude, libelle[:200])
