"""Les fichiers du stockage privé qu'aucune pièce ne référence : restes d'un envoi
dont la transaction a été annulée après l'écriture du fichier (un message refusé
en fin de course, une panne). Sans --effacer, la commande les compte seulement."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from projets.pieces.models import PieceJointe

# Un fichier plus jeune appartient peut-être à un envoi en cours.
AGE_MINIMAL = 3600
PAQUET = 500


class Command(BaseCommand):
    help = "Compte (ou efface avec --effacer) les fichiers sans pièce du stockage privé."

    def add_arguments(self, parser):
        parser.add_argument("--effacer", action="store_true", help="Efface les orphelins.")

    def handle(self, *args, effacer: bool = False, **options):
        racine = Path(settings.PIECES_ROOT)
        limite = time.time() - AGE_MINIMAL
        candidats = [
            p
            for p in (racine.rglob("*") if racine.exists() else [])
            if p.is_file() and p.stat().st_mtime < limite
        ]
        orphelins = []
        for debut in range(0, len(candidats), PAQUET):
            paquet = {
                p.relative_to(racine).as_posix(): p for p in candidats[debut : debut + PAQUET]
            }
            connus = set(
                PieceJointe.objects.filter(fichier__in=list(paquet)).values_list(
                    "fichier", flat=True
                )
            )
            orphelins += [p for nom, p in paquet.items() if nom not in connus]
        for chemin in orphelins:
            if effacer:
                chemin.unlink(missing_ok=True)
        verbe = "effacé(s)" if effacer else "trouvé(s) (--effacer pour les effacer)"
        self.stdout.write(f"{len(orphelins)} fichier(s) sans pièce {verbe}.")
