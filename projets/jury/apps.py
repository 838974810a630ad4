from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import enregistrer as enregistrer_sortes


class JuryConfig(AppConfig):
    name = "projets.jury"
    label = "jury"
    verbose_name = _("Jury de l'appel à projets")

    def ready(self) -> None:
        from projets.jury import regles  # noqa: F401 (règle d'objet de noter_dossiers)
        from projets.jury.notifications import SORTES

        enregistrer_sortes(*SORTES)
