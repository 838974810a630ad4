from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from brest_numerique.navigation import Rubrique
from brest_numerique.navigation import enregistrer as enregistrer_rubriques


def _poser_les_pages(plan=None, **kwargs) -> None:
    # Après `migrate` seulement (qui fournit son plan) : un `flush` (les tests
    # transactionnels) vide la base sans rien attendre ; ceux qui veulent les pages
    # les reposent (tests/navigateur/conftest.py).
    if plan is None:
        return
    from programmes.pages_initiales import pages_initiales_creer

    pages_initiales_creer()


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Programme numérique"

    def ready(self) -> None:
        # Ce que l'application déclare au portail : ses rubriques du menu.
        enregistrer_rubriques(Rubrique(_("Le programme"), "programmes:programme", 10))
        # Publier ou retirer une page périme les pages gardées en cache.
        from programmes import signaux

        signaux.connecter()
        # L'accueil, les dispositifs et les pages légales existent dès la première
        # installation (et après chaque remise à zéro de la base, dans les tests).
        post_migrate.connect(_poser_les_pages, sender=self)
        # Règles d'objet (voir comptes/roles.py) : leurs modules s'importent ici.
