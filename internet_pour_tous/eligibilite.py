"""L'éligibilité d'une adresse : la résidence est-elle dans un secteur déployé, dans
un secteur dont les locataires votent bientôt, ou hors du dispositif ?

`adresse_normalisee()` est l'unique normalisation des adresses (sans accents, sans
majuscules, ponctuation en espaces) : `Residence.adresse_recherche` doit en être
rempli. Les modèles n'ont pas de save() qui le fasse : tout code qui écrit des
résidences (démonstration, import, fabriques de test, écritures en masse) appelle
`adresse_recherche(residence)` avant d'enregistrer — sans quoi la résidence n'est
trouvée que par une recherche exacte sur son adresse."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from internet_pour_tous.models import Consultation, Residence, Secteur

LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
HORS_MOTS = re.compile(r"[\W_]+")
MOTS_MAX = 8
LONGUEUR_MAX = 200


def adresse_normalisee(texte: str) -> str:
    """« Rue de Quéliverzan, Pen ar Creac'h » → « rue de queliverzan pen ar creac h »."""
    texte = unicodedata.normalize("NFKD", (texte or "").casefold().translate(LIGATURES))
    texte = "".join(c for c in texte if not unicodedata.combining(c))
    return HORS_MOTS.sub(" ", texte).strip()


def adresse_recherche(residence: Residence, commune: str | None = None) -> str:
    """Ce qui va dans `residence.adresse_recherche` : nom, adresse, code postal et
    commune, normalisés. `commune` évite de lire la commune quand on l'a déjà."""
    if commune is None:
        commune = residence.commune.nom
    texte = f"{residence.nom} {residence.adresse} {residence.code_postal} {commune}"
    return adresse_normalisee(texte)[:500]


def residences_suggerees(texte: str, n: int = 8) -> list[Residence]:
    """Les résidences dont l'adresse contient tous les mots du texte, sans égard aux
    accents ni aux majuscules ; au plus `n`. Une requête."""
    mots = adresse_normalisee(texte[:LONGUEUR_MAX]).split()[:MOTS_MAX]
    if not mots:
        return []
    condition = Q()
    for mot in mots:
        condition &= Q(adresse_recherche__contains=mot)
    residences = Residence.objects.filter(condition).select_related("commune", "secteur")
    return list(residences.order_by("commune__nom", "adresse", "pk")[:n])


@dataclass
class Reponse:
    """ELIGIBLE, VOTE_PREVU (avec la date du vote si elle est fixée) ou NON_COUVERT
    (avec les points d'accès et les ateliers les plus proches)."""

    statut: str
    residence: Residence | None = None
    vote_le: date | None = None
    consultation: Consultation | None = None
    lieux: list = field(default_factory=list)
    ateliers: list = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return self.statut == ELIGIBLE


ELIGIBLE = "eligible"
VOTE_PREVU = "vote_prevu"
NON_COUVERT = "non_couvert"


def lieux_autour(latitude: float, longitude: float) -> tuple[list, list]:
    from papi.publics import ateliers_les_plus_proches, lieux_les_plus_proches

    return (
        lieux_les_plus_proches(latitude, longitude, nombre=3),
        ateliers_les_plus_proches(latitude, longitude, nombre=3),
    )


def eligibilite(residence: Residence) -> Reponse:
    """La réponse pour cette résidence (son secteur et sa commune déjà chargés de
    préférence : select_related("secteur", "commune"))."""
    secteur = residence.secteur
    if secteur.statut == Secteur.Statut.DEPLOYE:
        return Reponse(ELIGIBLE, residence)
    if secteur.statut == Secteur.Statut.VOTE_PREVU:
        consultation = (
            Consultation.objects.filter(
                secteur=secteur,
                resultat=Consultation.Resultat.A_VENIR,
                cloture__gte=timezone.localdate(),
            )
            .order_by("ouverture")
            .first()
        )
        return Reponse(
            VOTE_PREVU,
            residence,
            vote_le=consultation.ouverture if consultation else None,
            consultation=consultation,
        )
    if residence.latitude is not None and residence.longitude is not None:
        latitude, longitude = residence.latitude, residence.longitude
    else:
        latitude, longitude = residence.commune.latitude, residence.commune.longitude
    lieux, ateliers = lieux_autour(latitude, longitude)
    return Reponse(NON_COUVERT, residence, lieux=lieux, ateliers=ateliers)
