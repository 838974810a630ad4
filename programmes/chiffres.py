"""Les chiffres clés de l'accueil.

Ceux que le portail sait compter sont comptés à l'affichage, sur les mêmes
requêtes que les pages qui les montrent : l'accueil ne peut pas annoncer 108 lieux
quand l'annuaire en liste 109. Les autres sont tenus par les Webmestres (snippet
ChiffreCle), avec leur date et leur source. Une application qui n'a pas encore de
données (appel à projets, Internet pour tous) ne donne pas de chiffre.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Chiffre:
    valeur: str
    libelle: str
    date: date
    source: str
    vivant: bool  # compté par le portail, à la date du jour


def _chiffres_vivants() -> list[Chiffre]:
    from papi.models import Lieu

    aujourd_hui = timezone.localdate()
    lieux = Lieu.objects.publies().count()
    return [
        Chiffre(
            valeur=f"{lieux}",
            libelle=ngettext(
                "point d'accès public à Internet", "points d'accès publics à Internet", lieux
            ),
            date=aujourd_hui,
            source=_("annuaire des PAPI du portail"),
            vivant=True,
        )
    ]


def chiffres_cles() -> list[Chiffre]:
    from programmes.models import ChiffreCle

    return _chiffres_vivants() + [
        Chiffre(c.valeur, c.libelle, c.date_reference, c.source, vivant=False)
        for c in ChiffreCle.objects.all()
    ]
