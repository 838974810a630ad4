from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from brest_numerique.navigation import Rubrique
from brest_numerique.navigation import enregistrer as enregistrer_rubriques
from brest_numerique.notifications.types import enregistrer as enregistrer_sortes
from papi.notifications import SORTES
from papi.querysets import FONCTION_SQLITE_SANS_ACCENTS, sans_accents


def _fonctions_sqlite(sender, connection, **kwargs) -> None:
    """SQLite (mode démonstration) ne sait pas ôter les accents : la recherche de
    l'annuaire (LieuQuerySet.rechercher) lui prête cette fonction Python."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            FONCTION_SQLITE_SANS_ACCENTS, 1, sans_accents, deterministic=True
        )


class PapiConfig(AppConfig):
    name = "papi"
    verbose_name = _("Points d'accès publics à Internet")

    def ready(self) -> None:
        # Ce que l'application déclare au portail : ses sortes de notifications et
        # ses rubriques du menu.
        enregistrer_sortes(*SORTES)
        enregistrer_rubriques(Rubrique(_("Points d'accès (PAPI)"), "papi:liste", 20))
        connection_created.connect(_fonctions_sqlite, dispatch_uid="papi-fonctions-sqlite")
        # Règles d'objet (voir comptes/roles.py) : leurs modules s'importent ici.
