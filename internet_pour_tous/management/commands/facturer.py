"""manage.py facturer AAAA-MM : le passage de facturation d'un mois, à la main."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from internet_pour_tous.facturation.services import facturer
from internet_pour_tous.models import Facturation

MOIS = re.compile(r"([0-9]{4})-([0-9]{2})")


def lire_mois(texte: str) -> date:
    correspondance = MOIS.fullmatch(texte.strip())
    if correspondance is None:
        raise CommandError(
            f"Mois illisible : « {texte} ». Écrivez-le AAAA-MM, par exemple 2026-03."
        )
    annee, mois = (int(partie) for partie in correspondance.groups())
    if not 1 <= mois <= 12 or annee < 2000:
        raise CommandError(f"Mois impossible : « {texte} » (mois de 01 à 12, année 2000 ou après).")
    return date(annee, mois, 1)


class Command(BaseCommand):
    help = "Crée les échéances d'un mois (AAAA-MM) et prépare les relevés des bailleurs."

    def add_arguments(self, parser):
        parser.add_argument("mois", help="le mois à facturer, AAAA-MM")

    def handle(self, *args, mois: str, **options):
        try:
            passage = facturer(lire_mois(mois))
        except ValidationError as erreur:
            raise CommandError(" ".join(erreur.messages)) from None
        if passage.statut == Facturation.Statut.ECHOUEE:
            raise CommandError(passage.erreur)
        self.stdout.write(
            f"{passage.mois:%m/%Y} : {passage.creees} échéances créées, "
            f"{passage.deja_la} déjà présentes, sur {passage.attendues} attendues."
        )
