"""Les horaires d'ouverture, au format OpenStreetMap `opening_hours`.

L'analyse s'appuie sur opening-hours-py (la bibliothèque Rust de référence),
qui connaît les jours fériés français (`PH`). Tout est calculé à l'heure de
Paris.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from opening_hours import OpeningHours, State

PARIS = ZoneInfo("Europe/Paris")
JOURS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
JOUR_FERIE = 7  # jour fictif des créneaux propres aux jours fériés

# Une semaine sans jour férié sert de semaine type ; un jour férié (Noël 2025,
# un jeudi) donne les horaires des jours fériés quand les horaires en parlent.
SEMAINE_TYPE = datetime(2025, 1, 13, tzinfo=PARIS)
JOUR_FERIE_TYPE = datetime(2025, 12, 25, tzinfo=PARIS)
EXEMPLE = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off"


@lru_cache(maxsize=4096)
def analyser(texte: str) -> OpeningHours:
    """Renvoie les horaires analysés ou lève une ValidationError en français."""
    try:
        return OpeningHours(texte, timezone=PARIS, country="FR")
    except Exception as exc:  # l'analyseur lève ParserError, non exporté
        raise ValidationError(message_d_erreur(texte, str(exc)), code="horaires") from None


def message_d_erreur(texte: str, brut: str) -> str:
    position = re.search(r"--> \d+:(\d+)", brut)
    if not texte.strip():
        detail = "les horaires sont vides"
    elif position:
        colonne = int(position.group(1))
        detail = f"erreur à la position {colonne}, sur « {texte[colonne - 1 :][:15]} »"
    else:
        detail = "format non reconnu"
    return (
        f"Horaires invalides ({detail}). Utilisez le format OpenStreetMap, "
        f"par exemple : « {EXEMPLE} »."
    )


def valider_horaires(texte: str) -> None:
    """Validateur de champ de modèle : refuse des horaires illisibles."""
    if texte:
        analyser(texte)


def mentionne_jours_feries(texte: str) -> bool:
    return bool(re.search(r"\bPH\b", texte or ""))


def _decouper_par_jour(debut: datetime, fin: datetime, jour: int | None = None):
    """(jour, minute de début, minute de fin) pour chaque jour que couvre
    l'intervalle ; un créneau qui passe minuit est coupé en deux."""
    while debut < fin:
        minuit = datetime.combine(debut.date() + timedelta(days=1), time(0), PARIS)
        morceau_fin = min(fin, minuit)
        minute_fin = 1440 if morceau_fin == minuit else morceau_fin.hour * 60 + morceau_fin.minute
        yield (
            debut.weekday() if jour is None else jour,
            debut.hour * 60 + debut.minute,
            minute_fin,
        )
        debut = morceau_fin


def creneaux(texte: str) -> list[tuple[int, int, int]]:
    """Créneaux d'ouverture de la semaine type, plus ceux des jours fériés
    (jour 7) si les horaires en parlent. Sert aux filtres en SQL."""
    if not texte:
        return []
    oh = analyser(texte)
    resultat = []
    for debut, fin, etat, _ in oh.intervals(SEMAINE_TYPE, SEMAINE_TYPE + timedelta(days=7)):
        if etat == State.OPEN:
            resultat.extend(_decouper_par_jour(debut, fin))
    if mentionne_jours_feries(texte):
        for debut, fin, etat, _ in oh.intervals(
            JOUR_FERIE_TYPE, JOUR_FERIE_TYPE + timedelta(days=1)
        ):
            if etat == State.OPEN:
                resultat.extend(_decouper_par_jour(debut, fin, jour=JOUR_FERIE))
    return resultat


@lru_cache(maxsize=512)
def est_ferie(jour: date) -> bool:
    midi = datetime.combine(jour, time(12), PARIS)
    return OpeningHours("PH", timezone=PARIS, country="FR").is_open(midi)


def heure(moment: datetime | int) -> str:
    """« 9 h », « 18 h 30 » ; accepte aussi un nombre de minutes depuis minuit."""
    heures, minutes = (
        divmod(moment, 60) if isinstance(moment, int) else (moment.hour, moment.minute)
    )
    heures %= 24
    return f"{heures} h" if minutes == 0 else f"{heures} h {minutes:02d}"


def _jour(moment: datetime, maintenant: datetime) -> str:
    ecart = (moment.date() - maintenant.date()).days
    if ecart == 0:
        return "aujourd'hui"
    if ecart == 1:
        return "demain"
    if ecart < 7:
        return JOURS[moment.weekday()]
    return f"le {moment.day}/{moment.month:02d}"


@dataclass(frozen=True)
class Etat:
    ouvert: bool | None  # None : horaires inconnus
    libelle: str


def etat(texte: str, maintenant: datetime) -> Etat:
    """« Ouvert jusqu'à 18 h », « Fermé · ouvre lundi à 9 h »…"""
    if not texte:
        return Etat(None, "Horaires non renseignés")
    oh = analyser(texte)
    maintenant = maintenant.astimezone(PARIS)
    ouvert = oh.is_open(maintenant)
    prochain = oh.next_change(maintenant)
    if prochain is not None:
        prochain = prochain.astimezone(PARIS)
    if ouvert:
        if prochain is None or prochain - maintenant >= timedelta(days=7):
            return Etat(True, "Ouvert")
        if prochain.date() == maintenant.date():
            return Etat(True, f"Ouvert jusqu'à {heure(prochain)}")
        return Etat(True, f"Ouvert jusqu'à {_jour(prochain, maintenant)} {heure(prochain)}")
    if prochain is None or prochain - maintenant > timedelta(days=60):
        return Etat(False, "Fermé")
    return Etat(False, f"Fermé · ouvre {_jour(prochain, maintenant)} à {heure(prochain)}")


def semaine(texte: str) -> list[tuple[str, list[str]]]:
    """La semaine type, jour par jour : [("lundi", ["9 h – 12 h", …]), …]."""
    par_jour: dict[int, list[str]] = {i: [] for i in range(7)}
    if not texte:
        return []
    for debut, fin, etat_, _ in analyser(texte).intervals(
        SEMAINE_TYPE, SEMAINE_TYPE + timedelta(days=7)
    ):
        if etat_ == State.OPEN:
            debut, fin = debut.astimezone(PARIS), fin.astimezone(PARIS)
            par_jour[debut.weekday()].append(f"{heure(debut)} – {heure(fin)}")
    return [(JOURS[i], creneaux_) for i, creneaux_ in par_jour.items()]


def note_jours_feries(texte: str) -> str:
    if not mentionne_jours_feries(texte):
        return ""
    ouverts = [c for c in creneaux(texte) if c[0] == JOUR_FERIE]
    if not ouverts:
        return "Fermé les jours fériés."
    plages = ", ".join(f"{heure(debut)} – {heure(fin)}" for _, debut, fin in ouverts)
    return f"Jours fériés : {plages}."
