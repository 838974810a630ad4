"""Une seule validation pour une ligne au standard national, quel que soit le
chemin d'entrée (commande importer_lieux, import de l'administration,
formulaire) : la même ligne reçoit toujours le même verdict."""

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from papi.horaires import analyser
from papi.referentiel import COLONNES, MULTIVALUEES, SEPARATEUR, champ_de_la_colonne

MOTIF_PIVOT = re.compile(r"^[a-zA-Z0-9]{9,14}$")
MOTIF_CODE_POSTAL = re.compile(r"^\d{5}$")
MOTIF_CODE_INSEE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
MOTIF_TELEPHONE = re.compile(
    r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$"
)
OBLIGATOIRES = ["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"]
# Longueurs des colonnes de papi_lieu : une valeur plus longue ferait échouer
# l'écriture de tout un lot d'import ; mieux vaut refuser la ligne, avec sa raison.
LONGUEURS_MAX = {
    "id": 200,
    "nom": 250,
    "commune": 100,
    "adresse": 250,
    "complement_adresse": 250,
    "presentation_resume": 280,
    "source": 200,
    "structure_parente": 250,
    "fiche_acces_libre": 500,
    "prise_rdv": 500,
}
# Liens uniques (URLField du modèle) : le formulaire de l'administration les vérifie.
LIENS = ["fiche_acces_libre", "prise_rdv"]

# Emprises (latitude min, max, longitude min, max) de la France métropolitaine
# et des outre-mer : des coordonnées hors de ces cadres sont une erreur de saisie
# (souvent latitude et longitude inversées).
EMPRISES_FRANCE = [
    (41.3, 51.2, -5.3, 9.7),  # métropole et Corse
    (15.8, 16.6, -61.9, -60.9),  # Guadeloupe
    (14.3, 14.9, -61.3, -60.8),  # Martinique
    (2.1, 5.8, -54.6, -51.6),  # Guyane
    (-21.4, -20.8, 55.2, 55.9),  # La Réunion
    (-13.1, -12.6, 44.9, 45.4),  # Mayotte
    (46.7, 47.2, -56.5, -56.1),  # Saint-Pierre-et-Miquelon
    (17.8, 18.2, -63.2, -62.7),  # Saint-Martin et Saint-Barthélemy
    (-22.8, -19.5, 163.5, 168.2),  # Nouvelle-Calédonie
    (-27.7, -7.8, -154.8, -134.9),  # Polynésie française
    (-14.4, -13.1, -178.3, -176.1),  # Wallis-et-Futuna
]


def valider_pivot(valeur: str) -> None:
    if not MOTIF_PIVOT.match(valeur):
        raise ValidationError(
            _(
                "Le pivot doit être un SIRET (14 chiffres) ou un RNA (9 à 14 caractères "
                "alphanumériques)."
            )
        )


def valider_code_postal(valeur: str) -> None:
    if not MOTIF_CODE_POSTAL.match(valeur):
        raise ValidationError(
            _("Code postal invalide « %(valeur)s »\u00a0: 5 chiffres attendus.")
            % {"valeur": valeur}
        )


def valider_code_insee(valeur: str) -> None:
    if valeur and not MOTIF_CODE_INSEE.match(valeur):
        raise ValidationError(
            _("Code INSEE invalide « %(valeur)s »\u00a0: 5 caractères, comme 29019 ou 2A004.")
            % {"valeur": valeur}
        )


def valider_telephone(valeur: str) -> None:
    if valeur and not MOTIF_TELEPHONE.match(valeur):
        raise ValidationError(
            _(
                "Téléphone invalide « %(valeur)s »\u00a0: format international sans espace, "
                "comme +33298000000."
            )
            % {"valeur": valeur}
        )


def en_france(latitude: float, longitude: float) -> bool:
    return any(
        lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max
        for lat_min, lat_max, lon_min, lon_max in EMPRISES_FRANCE
    )


def valider_coordonnees(latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        raise ValidationError(
            _("Latitude et longitude vont ensemble\u00a0: renseignez les deux ou aucune.")
        )
    if latitude is not None and not en_france(latitude, longitude):
        raise ValidationError(
            _(
                "Coordonnées hors de France (%(latitude)s, %(longitude)s)\u00a0: latitude et "
                "longitude inversées\u202f?"
            )
            % {"latitude": latitude, "longitude": longitude}
        )


def valider_liste(colonne: str, valeurs: list[str]) -> None:
    permises = MULTIVALUEES[colonne]
    inconnues = [v for v in valeurs if permises is not None and v not in permises]
    if inconnues:
        raise ValidationError(
            _("Valeur(s) inconnue(s) du standard pour %(colonne)s\u00a0: %(valeurs)s")
            % {
                "colonne": colonne,
                "valeurs": ", ".join(_("« %(valeur)s »") % {"valeur": v} for v in inconnues),
            }
        )
    if colonne == "courriels":
        for valeur in valeurs:
            _conforme(
                COURRIEL, valeur, lambda v: _("Courriel invalide « %(valeur)s ».") % {"valeur": v}
            )
    if colonne == "site_web":
        for valeur in valeurs:
            _conforme(
                URL, valeur, lambda v: _("Adresse web invalide « %(valeur)s ».") % {"valeur": v}
            )


def _motif_compile(paresseux) -> re.Pattern:
    return re.compile(paresseux.pattern, paresseux.flags)


# Django compile les motifs de ses validateurs à la demande (SimpleLazyObject) :
# chaque usage traverse ce mandataire, 150 000 fois pour un import de 20 000 lieux.
# Ceux-ci les compilent une fois, au premier besoin : pas au démarrage de chaque
# processus, où ils coûtaient 0,17 s ; le verdict est le même
# (tests/papi/test_validation.py).
#
# Avant eux, une forme courante et sûre (`URL_SURE`, `COURRIEL_SUR`) : « https://www.exemple.fr/page/ »,
# « contact@exemple.fr ». Toute valeur de cette forme est acceptée par le validateur
# de Django, ce que vérifie Hypothesis ; les autres passent par lui. Un tel motif
# coûte une microseconde, le validateur complet vingt.
_ETIQUETTE = r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?"
_DOMAINE_SUR = rf"(?:{_ETIQUETTE}\.){{1,3}}[a-z]{{2,20}}"
URL_SURE = re.compile(rf"https?://{_DOMAINE_SUR}(?:/[a-zA-Z0-9._~/-]{{0,200}})?")
COURRIEL_SUR = re.compile(rf"[a-z0-9_-]{{1,30}}(?:\.[a-z0-9_-]{{1,30}}){{0,3}}@{_DOMAINE_SUR}")


class _MotifsCompilesAuPremierBesoin:
    """Remplace, au premier appel qui en a besoin, les motifs paresseux nommés par
    `MOTIFS` par des motifs compilés, que les appels suivants lisent sans mandataire."""

    MOTIFS: tuple[str, ...] = ()
    _compiles = False

    def _compiler(self) -> None:
        if not self._compiles:
            for nom in self.MOTIFS:
                setattr(self, nom, _motif_compile(getattr(self, nom)))
            self._compiles = True


class ValidateurDeCourriel(_MotifsCompilesAuPremierBesoin, EmailValidator):
    MOTIFS = ("user_regex", "domain_regex", "literal_regex")

    def __call__(self, value):
        if not (isinstance(value, str) and COURRIEL_SUR.fullmatch(value)):
            self._compiler()
            super().__call__(value)


class ValidateurDURL(_MotifsCompilesAuPremierBesoin, URLValidator):
    MOTIFS = ("regex",)

    def __call__(self, value):
        if not (isinstance(value, str) and URL_SURE.fullmatch(value)):
            self._compiler()
            super().__call__(value)


# Instanciés une fois : un import de 20 000 lignes en appelle des dizaines de milliers.
COURRIEL = ValidateurDeCourriel()
URL = ValidateurDURL()


def _conforme(validateur, valeur: str, message: Callable[[str], str]) -> None:
    # Le message ne s'écrit (et ne se traduit) qu'en cas d'erreur : un import de
    # 20 000 lignes valide des dizaines de milliers de valeurs, presque toutes justes.
    try:
        validateur(valeur)
    except ValidationError:
        raise ValidationError(message(valeur)) from None


def _cellule_multivaluee(colonne: str, texte: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(valeurs, erreurs) d'une cellule multivaluée."""
    valeurs = tuple(v.strip() for v in texte.split(SEPARATEUR) if v.strip())
    try:
        valider_liste(colonne, list(valeurs))
    except ValidationError as exc:
        return valeurs, tuple(exc.messages)
    return valeurs, ()


# D'une ligne à l'autre d'un gros fichier, les mêmes cellules reviennent sans cesse
# (services, publics, modalités : 6 500 cellules différentes sur 20 000 lieux) : leur
# verdict se garde. Pas celui des courriels et des sites, propres à chaque lieu : sur
# le même fichier, leurs 28 000 cellules chassaient les autres du cache, qui
# manquait une fois sur cinq.
_cellule_repetee = lru_cache(maxsize=16384)(_cellule_multivaluee)
PROPRES_A_CHAQUE_LIEU = {"courriels", "site_web"}


def _lien(colonne: str, texte: str) -> None:
    _conforme(
        URL,
        texte,
        lambda v: (
            _("%(colonne)s\u00a0: adresse web invalide « %(valeur)s ».")
            % {"colonne": colonne, "valeur": v}
        ),
    )


def _nombre(colonne: str, texte: str) -> float | None:
    if not texte:
        return None
    try:
        return float(texte.replace(",", "."))
    except ValueError:
        raise ValidationError(
            _("%(colonne)s n'est pas un nombre\u00a0: « %(valeur)s ».")
            % {"colonne": colonne, "valeur": texte}
        ) from None


def _date(texte: str) -> date:
    try:
        return date.fromisoformat(texte)
    except ValueError:
        raise ValidationError(
            _("date_maj invalide « %(valeur)s »\u00a0: date ISO attendue (2024-04-02).")
            % {"valeur": texte}
        ) from None


def valider_ligne(ligne: dict[str, str]) -> tuple[dict, list[str]]:
    """Valide une ligne au standard (colonnes → texte brut).

    Renvoie (valeurs nettoyées, erreurs) ; les valeurs utilisent les noms des
    champs du modèle Lieu (referentiel.champ_de_la_colonne) et ne valent que si la
    liste d'erreurs est vide. Un import en appelle des dizaines de milliers : les
    contrôles ne passent que sur les cellules remplies, et les messages ne
    s'écrivent qu'en cas d'erreur.
    """
    brut = {c: v.strip() if (v := ligne.get(c)) else "" for c in COLONNES}
    erreurs = [
        _("La colonne %(colonne)s est obligatoire.") % {"colonne": colonne}
        for colonne in OBLIGATOIRES
        if not brut[colonne]
    ]

    def verifier(fonction, *args):
        try:
            return fonction(*args)
        except ValidationError as exc:
            erreurs.extend(exc.messages)
            return None

    for colonne, valider in _VERIFICATIONS:
        if brut[colonne]:
            verifier(valider, brut[colonne])
    for colonne, longueur in _LONGUEURS_MAX:
        if len(brut[colonne]) > longueur:
            erreurs.append(
                _("%(colonne)s dépasse %(longueur)s caractères.")
                % {"colonne": colonne, "longueur": longueur}
            )
    for colonne in LIENS:
        if brut[colonne]:
            verifier(_lien, colonne, brut[colonne])
    if brut["horaires"]:
        verifier(analyser, brut["horaires"])
    latitude = verifier(_nombre, "latitude", brut["latitude"])
    longitude = verifier(_nombre, "longitude", brut["longitude"])
    verifier(valider_coordonnees, latitude, longitude)
    date_maj = verifier(_date, brut["date_maj"]) if brut["date_maj"] else None

    valeurs = {champ: brut[colonne] for colonne, champ in _SIMPLES}
    for colonne, champ, cellule in _MULTIVALUEES:
        if not brut[colonne]:
            valeurs[champ] = []
            continue
        liste, raisons = cellule(colonne, brut[colonne])
        erreurs.extend(raisons)
        valeurs[champ] = list(liste)
    valeurs.update(latitude=latitude, longitude=longitude, date_maj=date_maj)
    return valeurs, erreurs


# Calculés une fois, pas à chaque ligne d'un fichier de 20 000. Les validateurs de
# l'INSEE et du téléphone acceptent le vide : ne les appeler que sur une cellule
# remplie ne change rien au verdict.
_VERIFICATIONS = [
    ("pivot", valider_pivot),
    ("code_postal", valider_code_postal),
    ("code_insee", valider_code_insee),
    ("telephone", valider_telephone),
]
_LONGUEURS_MAX = list(LONGUEURS_MAX.items())
_SIMPLES = [
    (c, champ_de_la_colonne(c))
    for c in COLONNES
    if c not in MULTIVALUEES and c not in ("latitude", "longitude", "date_maj")
]
_MULTIVALUEES = [
    (
        c,
        champ_de_la_colonne(c),
        _cellule_multivaluee if c in PROPRES_A_CHAQUE_LIEU else _cellule_repetee,
    )
    for c in MULTIVALUEES
]
