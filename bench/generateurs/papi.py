"""Lieux du banc : l'annuaire des points d'accès au standard national."""

import random
from decimal import Decimal

from bench.donnees_lieux import lignes_lieux
from papi.models import Lieu
from papi.services import lieux_enregistrer
from papi.validation import valider_ligne


def _lieux():
    return Lieu.objects.filter(identifiant__startswith="banc-lieu-")


def creer_lieux(quantite: int, alea: random.Random) -> None:
    """Des lieux au standard (bench/donnees_lieux.py), validés comme à l'import,
    avec un équipement tiré au hasard ; insérés par COPY comme le fait
    importer_lieux, puis créneaux et index de recherche calculés."""
    lieux = []
    for ligne in lignes_lieux(quantite, alea, prefixe="banc-lieu"):
        valeurs, erreurs = valider_ligne(ligne)
        if erreurs:
            raise ValueError(f"{ligne['id']} : {erreurs}")
        impression = alea.random() < 0.6
        lieux.append(
            Lieu(
                **valeurs,
                nombre_ordinateurs=alea.randint(0, 12),
                wifi_gratuit=alea.random() < 0.7,
                impression=impression,
                prix_impression=Decimal(alea.choice(["0.10", "0.15", "0.20"]))
                if impression
                else None,
                scanner=alea.random() < 0.4,
                acces_fauteuil=alea.choices([True, False, None], weights=[60, 15, 25])[0],
                publie=alea.random() < 0.95,
            )
        )
    lieux_enregistrer(lieux=lieux)
