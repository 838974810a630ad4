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
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from opening_hours import OpeningHours, State

PARIS = ZoneInfo("Europe/Paris")
# Noms à traduire à l'affichage (gettext) : la liste garde des chaînes simples.
JOURS = [
    gettext_noop("lundi"),
    gettext_noop("mardi"),
    gettext_noop("mercredi"),
    gettext_noop("jeudi"),
    gettext_noop("vendredi"),
    gettext_noop("samedi"),
    gettext_noop("dimanche"),
]
JOUR_FERIE = 7  # jour fictif des créneaux propres aux jours fériés

# Une semaine sans jour férié sert de semaine type ; un jour férié (Noël 2025,
# un jeudi) donne les horaires des jours fériés quand les horaires en parlent.
SEMAINE_TYPE = datetime(2025, 1, 13, tzinfo=PARIS)
JOUR_FERIE_TYPE = datetime(2025, 12, 25, tzinfo=PARIS)
EXEMPLE = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off"


# Un import de 20 000 lieux en compte quelque 8 000 horaires différents, analysés à
# la validation puis au calcul des créneaux : un cache plus petit que ce nombre
# les oubliait tous entre les deux passages, dans l'ordre du fichier.
@lru_cache(maxsize=16384)
def analyser(texte: str) -> OpeningHours:
    """Renvoie les horaires analysés ou lève une ValidationError en français."""
    try:
        return OpeningHours(texte, timezone=PARIS, country="FR")
    except Exception as exc:  # l'analyseur lève ParserError, non exporté
        raise ValidationError(message_d_erreur(texte, str(exc)), code="horaires") from None


def message_d_erreur(texte: str, brut: str) -> str:
    position = re.search(r"--> \d+:(\d+)", brut)
    if not texte.strip():
        detail = _("les horaires sont vides")
    elif position:
        colonne = int(position.group(1))
        detail = _("erreur à la position %(position)s, sur « %(extrait)s »") % {
            "position": colonne,
            "extrait": texte[colonne - 1 :][:15],
        }
    else:
        detail = _("format non reconnu")
    return _(
        "Horaires invalides (%(detail)s). Utilisez le format OpenStreetMap, "
        "par exemple\u00a0: « %(exemple)s »."
    ) % {"detail": detail, "exemple": EXEMPLE}


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
    for debut, fin, etat, _commentaires in oh.intervals(
        SEMAINE_TYPE, SEMAINE_TYPE + timedelta(days=7)
    ):
        if etat == State.OPEN:
            resultat.extend(_decouper_par_jour(debut, fin))
    if mentionne_jours_feries(texte):
        for debut, fin, etat, _commentaires in oh.intervals(
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
    """« 9 h », « 18 h 30 » ; accepte aussi un nombre de minutes depuis minuit."""
    heures, minutes = (
        divmod(moment, 60) if isinstance(moment, int) else (moment.hour, moment.minute)
    )
    heures %= 24
    if minutes == 0:
        # Translators: une heure pile, comme « 9 h ».
        return _("%(heures)s\u00a0h") % {"heures": heures}
    # Translators: une heure et ses minutes, comme « 18 h 30 ».
    return _("%(heures)s\u00a0h\u00a0%(minutes)02d") % {"heures": heures, "minutes": minutes}


def _jour(moment: datetime, maintenant: datetime) -> str:
    ecart = (moment.date() - maintenant.date()).days
    if ecart == 0:
        return _("aujourd'hui")
    if ecart == 1:
        return _("demain")
    if ecart < 7:
        return _(JOURS[moment.weekday()])
    # Translators: une date proche, comme « le 3/01 ».
    return _("le %(jour)s/%(mois)02d") % {"jour": moment.day, "mois": moment.month}


@dataclass(frozen=True)
class Etat:
    ouvert: bool | None  # None : horaires inconnus
    libelle: str


def _ouvert_et_prochain_changement(texte: str, minute: datetime) -> tuple[bool, datetime | None]:
    oh = analyser(texte)
    prochain = oh.next_change(minute)
    return oh.is_open(minute), None if prochain is None else prochain.astimezone(PARIS)


def etat(texte: str, maintenant: datetime) -> Etat:
    """« Ouvert jusqu'à 18 h », « Fermé · ouvre lundi à 9 h »…"""
    if not texte:
        return Etat(None, _("Horaires non renseignés"))
    minute = maintenant.astimezone(PARIS).replace(second=0, microsecond=0)
    return _etat_de_la_minute(texte, minute, get_language())


@lru_cache(maxsize=4096)
def _etat_de_la_minute(texte: str, maintenant: datetime, _langue: str | None) -> Etat:
    # Les horaires changent à la minute près : l'état d'une minute vaut pour chacune
    # de ses secondes. Gardé, libellé compris, par (horaires, minute, langue) : les
    # lieux d'une page partagent souvent les mêmes horaires, une page de l'annuaire
    # en demande vingt, et chacun coûtait trois ou quatre traductions.
    ouvert, prochain = _ouvert_et_prochain_changement(texte, maintenant)
    if ouvert:
        if prochain is None or prochain - maintenant >= timedelta(days=7):
            return Etat(True, _("Ouvert"))
        if prochain.date() == maintenant.date():
            return Etat(True, _("Ouvert jusqu'à %(heure)s") % {"heure": heure(prochain)})
        return Etat(
            True,
            _("Ouvert jusqu'à %(jour)s %(heure)s")
            % {"jour": _jour(prochain, maintenant), "heure": heure(prochain)},
        )
    if prochain is None or prochain - maintenant > timedelta(days=60):
        return Etat(False, _("Fermé"))
    return Etat(
        False,
        _("Fermé · ouvre %(jour)s à %(heure)s")
        % {"jour": _jour(prochain, maintenant), "heure": heure(prochain)},
    )


def semaine(texte: str) -> list[tuple[str, list[str]]]:
    """La semaine type, jour par jour : [("lundi", ["9 h – 12 h", …]), …]."""
    par_jour: dict[int, list[str]] = {i: [] for i in range(7)}
    if not texte:
        return []
    for debut, fin, etat_, _commentaires in analyser(texte).intervals(
        SEMAINE_TYPE, SEMAINE_TYPE + timedelta(days=7)
    ):
        if etat_ == State.OPEN:
            debut, fin = debut.astimezone(PARIS), fin.astimezone(PARIS)
            par_jour[debut.weekday()].append(
                # Translators: un créneau d'ouverture, comme « 9 h – 12 h ».
                _("%(debut)s – %(fin)s") % {"debut": heure(debut), "fin": heure(fin)}
            )
    return [(_(JOURS[i]), creneaux_) for i, creneaux_ in par_jour.items()]


@dataclass(frozen=True)
class Aujourdhui:
    jour: int  # 0 = lundi … 6 = dimanche, à l'heure de Paris
    ferie: bool  # un jour férié dont les horaires parlent : la ligne du jour ne vaut pas


def aujourdhui(texte: str, maintenant: datetime) -> Aujourdhui:
    """Le jour à surligner dans la semaine type. Un jour férié que les horaires
    mentionnent (`PH`) est signalé : ses horaires sont ceux des jours fériés."""
    jour = maintenant.astimezone(PARIS).date()
    return Aujourdhui(jour.weekday(), mentionne_jours_feries(texte) and est_ferie(jour))


def note_jours_feries(texte: str) -> str:
    if not mentionne_jours_feries(texte):
        return ""
    ouverts = [c for c in creneaux(texte) if c[0] == JOUR_FERIE]
    if not ouverts:
        return _("Fermé les jours fériés.")
    plages = ", ".join(
        # Translators: un créneau d'ouverture, comme « 9 h – 12 h ».
        _("%(debut)s – %(fin)s") % {"debut": heure(debut), "fin": heure(fin)}
        for _jour_ferie, debut, fin in ouverts
    )
    return _("Jours fériés\u00a0: %(plages)s.") % {"plages": plages}
