from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    # Chaque application y contribue par son module demo.py.
    help = "Charge les données de démonstration (idempotent)."

    def handle(self, *args, **options):
        for app_config in apps.get_app_configs():
            try:
                module = import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_config.name}.demo":
                    raise
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(f"{app_config.verbose_name} :"))
            module.creer_donnees_demo(self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
