"""Les lieux en données ouvertes : CSV du standard national, le même en XLSX pour les
tableurs (le GeoJSON de la carte est écrit par papi/geojson.py).

Tout passe par `values_list` : pas d'instance de modèle, une seule requête SQL,
si bien que 20 000 lieux (la cartographie nationale) se sérialisent vite.
"""

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO

from django.db.models import QuerySet

from brest_numerique.tableur import classeur_xlsx
from papi.referentiel import CHAMPS_DU_STANDARD, COLONNES, SEPARATEUR


def en_texte(valeur: Any) -> str:
    """Une valeur du modèle telle que le standard l'écrit."""
    if valeur is None:
        return ""
    if isinstance(valeur, list):
        return SEPARATEUR.join(valeur)
    if isinstance(valeur, datetime):
        return valeur.date().isoformat()
    if isinstance(valeur, float):
        # Le schéma attend un nombre décimal : jamais d'écriture scientifique
        # (« 3e-05 ») pour une longitude proche du méridien de Greenwich.
        texte = repr(valeur)
        return format(Decimal(texte), "f") if "e" in texte else texte
    if isinstance(valeur, date):
        return valeur.isoformat()
    return str(valeur)


def lieux_en_lignes(lieux: QuerySet) -> Iterator[list[str]]:
    """Une ligne par lieu : les valeurs des COLONNES du standard, dans leur ordre,
    déjà écrites en texte (listes jointes par « | », dates ISO, vide si absent).
    `dict(zip(COLONNES, ligne))` en fait un dictionnaire."""
    for valeurs in lieux.values_list(*CHAMPS_DU_STANDARD).iterator(chunk_size=2000):
        yield [en_texte(valeur) for valeur in valeurs]


def lieux_ecrire_csv(lieux: QuerySet, fichier: TextIO) -> None:
    """Écrit le CSV du standard (en-tête compris) ; ouvrir `fichier` avec newline=""."""
    # Toutes les valeurs entre guillemets, comme le fichier d'exemple du standard.
    ecrivain = csv.writer(fichier, quoting=csv.QUOTE_ALL)
    ecrivain.writerow(COLONNES)
    ecrivain.writerows(lieux_en_lignes(lieux))


def lieux_en_csv(lieux: QuerySet) -> bytes:
    """Le CSV du standard, encodé en UTF-8 sans BOM."""
    tampon = io.StringIO(newline="")
    lieux_ecrire_csv(lieux, tampon)
    return tampon.getvalue().encode()


def lieux_en_xlsx(lieux: QuerySet) -> bytes:
    """Le CSV du standard en classeur, pour qui ouvre les fichiers dans un tableur :
    mêmes colonnes, mêmes lignes, mêmes textes (chaque cellule en texte, si bien
    qu'un code postal ou un SIRET garde ses zéros et qu'aucune valeur ne devient
    une formule)."""
    return classeur_xlsx("Lieux", COLONNES, lieux_en_lignes(lieux))
