from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from papi.importation import FichierIllisible, lieux_importer


class Command(BaseCommand):
    # Les contrôles du système (modèles, adresses, gabarits) importent toutes les
    # URL du portail, API de Wagtail comprise : une demi-seconde sur les 10 d'un
    # import de 20 000 lieux, pour une configuration vérifiée au déploiement
    # (`check --deploy`) et que l'import ne lit pas.
    requires_system_checks = []

    help = (
        "Importe un fichier CSV au standard national « Lieux de médiation numérique » : "
        "crée les nouveaux lieux, met à jour les existants (par id), refuse les lignes invalides."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path, help="fichier CSV (séparateur « , » ou « ; »)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="tout vérifier et dire ce qui changerait, sans rien écrire",
        )
        parser.add_argument(
            "--ignorer-erreurs",
            action="store_true",
            help="importer les lignes valides même si d'autres sont refusées",
        )

    def handle(self, *args, fichier: Path, dry_run: bool, ignorer_erreurs: bool, **options):
        try:
            rapport = lieux_importer(
                fichier=fichier, dry_run=dry_run, ignorer_erreurs=ignorer_erreurs
            )
        except FichierIllisible as exc:
            raise CommandError(str(exc)) from None

        for ligne in rapport.resume():
            self.stdout.write(ligne)
        # Un essai à blanc échoue comme échouerait l'import réel : un script peut
        # vérifier un fichier avant de l'importer.
        if rapport.refusees and not ignorer_erreurs:
            if dry_run:
                message = _(
                    "%(nombre)s ligne(s) refusée(s)\u00a0: l'import serait refusé. Corrigez le "
                    "fichier, ou relancez avec --ignorer-erreurs pour importer les lignes valides."
                )
            else:
                message = _(
                    "%(nombre)s ligne(s) refusée(s)\u00a0: rien n'a été importé. Corrigez le "
                    "fichier, ou relancez avec --ignorer-erreurs pour importer les lignes valides."
                )
            raise CommandError(message % {"nombre": rapport.refuses})
        if dry_run:
            self.stdout.write(self.style.WARNING(_("Essai à blanc\u00a0: rien n'a été écrit.")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Import terminé.")))
