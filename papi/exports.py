"""Les lieux en données ouvertes : CSV du standard national, le même en XLSX pour les
tableurs, et GeoJSON de la carte.

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
from django.urls import reverse

from brest_numerique.tableur import classeur_xlsx
from papi.referentiel import CHAMPS_DU_STANDARD, COLONNES, SEPARATEUR

# Jalon valide pour le motif <slug:slug>, remplacé ensuite par chaque slug.
_JALON = "jalon-slug"

# Cinq décimales : un mètre environ, assez pour un marqueur (RFC 7946, § 11.2).
_DECIMALES_GEOJSON = 5


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
    déjà écrites en texte (listes jointes par « | », dates ISO, vide si absent).
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


def lieux_en_geojson(lieux: QuerySet) -> dict:
    """FeatureCollection RFC 7946 des lieux qui ont des coordonnées."""
    # Un seul `reverse` : le coût d'un appel par lieu se verrait sur 20 000 lieux.
    avant, apres = reverse("papi:detail", args=[_JALON]).split(_JALON)
    # Le strict nécessaire à la carte (nom, commune, lien vers la fiche) : à
    # 20 000 lieux, chaque propriété de plus se paie à chaque affichage de la
    # carte. Le CSV au standard national porte, lui, toutes les données.
    lignes = lieux.filter(latitude__isnull=False, longitude__isnull=False).values_list(
        "identifiant", "latitude", "longitude", "nom", "slug", "commune"
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": identifiant,
                "geometry": {
                    "type": "Point",
                    # RFC 7946 : longitude d'abord.
                    "coordinates": [
                        round(longitude, _DECIMALES_GEOJSON),
                        round(latitude, _DECIMALES_GEOJSON),
                    ],
                },
                "properties": {
                    "nom": nom,
                    "commune": commune,
                    "url": f"{avant}{slug}{apres}",
                },
            }
            for (
                identifiant,
                latitude,
                longitude,
                nom,
                slug,
                commune,
            ) in lignes
        ],
    }
