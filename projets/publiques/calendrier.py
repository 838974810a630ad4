"""Le calendrier iCal d'une édition : ouverture et clôture du dépôt (à l'heure de
Paris), délibération du jury et publication des résultats (jours entiers).

Les UID ne dépendent que de l'année et de l'étape : un agenda abonné met à jour
ses événements au lieu de les dupliquer quand une date change."""

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from projets.models import AppelAProjets

PARIS = ZoneInfo("Europe/Paris")


def _domaine() -> str:
    return urlsplit(settings.SITE_URL).hostname or "brest-numerique.local"


def _evenement(edition: AppelAProjets, etape: str, resume: str, debut, *, lien: str) -> Event:
    evenement = Event()
    evenement.add("uid", f"appel-a-projets-{edition.annee}-{etape}@{_domaine()}")
    evenement.add("dtstamp", timezone.now())
    evenement.add("summary", resume)
    evenement.add("url", lien)
    if hasattr(debut, "hour"):
        # Un instant : l'heure de Paris, avec son fuseau (TZID) et sa VTIMEZONE.
        evenement.add("dtstart", debut.astimezone(PARIS))
    else:
        evenement.add("dtstart", debut)
        evenement.add("dtend", debut + timedelta(days=1))
    evenement.add("description", f"{edition.titre} — {lien}")
    return evenement


def calendrier(edition: AppelAProjets) -> bytes:
    lien = settings.SITE_URL + edition.get_absolute_url()
    agenda = Calendar()
    agenda.add("prodid", f"-//{settings.SITE_NAME}//Appel à projets//FR")
    agenda.add("version", "2.0")
    agenda.add("calscale", "GREGORIAN")
    agenda.add("x-wr-calname", edition.titre)
    agenda.add("x-wr-timezone", "Europe/Paris")
    for etape, resume, debut in (
        ("ouverture", _("Ouverture du dépôt des dossiers"), edition.ouverture),
        ("cloture", _("Clôture du dépôt des dossiers"), edition.cloture),
        ("deliberation", _("Délibération du jury"), edition.deliberation_le),
        ("resultats", _("Publication des résultats"), edition.resultats_le),
    ):
        agenda.add_component(
            _evenement(edition, etape, f"{resume} · {edition.titre}", debut, lien=lien)
        )
    agenda.add_missing_timezones()
    return agenda.to_ical()
