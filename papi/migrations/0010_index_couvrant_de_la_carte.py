"""Un index couvrant pour le GeoJSON de la carte (papi/geojson.py), PostgreSQL seul.

La carte lit six colonnes des lieux publiés et géolocalisés, dans l'ordre de
l'annuaire (nom, puis identifiant). Une ligne de papi_lieu pèse plus d'un
kilo-octet (textes du standard, vecteur de recherche) : à 20 000 lieux, parcourir
la table (30 Mo) coûtait 18 ms avant même le tri. Dans cet index (moins de 3 Mo), déjà dans cet ordre, PostgreSQL lit tout
sans ouvrir la table ni trier (« Index Only Scan », mesuré à 3 ms).

Écrit en SQL et non par `Meta.indexes` : INCLUDE n'existe pas sur SQLite, où
Django signalerait l'index à chaque démarrage (models.W040) sans le créer.
"""

from django.db import migrations

from brest_numerique.sql_postgresql import sur_postgresql

CREER = """
CREATE INDEX papi_lieu_carte_idx ON papi_lieu (nom, id)
INCLUDE (identifiant, longitude, latitude, slug, commune)
WHERE publie AND latitude IS NOT NULL AND longitude IS NOT NULL
"""
SUPPRIMER = "DROP INDEX IF EXISTS papi_lieu_carte_idx"


class Migration(migrations.Migration):
    dependencies = [("papi", "0009_textes_insecables")]

    operations = [
        migrations.RunPython(sur_postgresql(CREER), sur_postgresql(SUPPRIMER), elidable=False)
    ]
