import csv
from pathlib import Path

from django.db import migrations

CSV_COMMUNES = Path(__file__).resolve().parent.parent / "donnees" / "communes-brest-metropole.csv"

# Recherche plein texte française insensible aux accents : « mediatheque »
# trouve « Médiathèque ». PostgreSQL seulement ; SQLite se contente d'icontains.
SQL_RECHERCHE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END $$;
CREATE INDEX IF NOT EXISTS papi_lieu_recherche_gin ON papi_lieu USING gin (recherche);
"""


def recherche_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL_RECHERCHE)


def supprimer_recherche(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS papi_lieu_recherche_gin;")


def charger_communes(apps, schema_editor):
    Commune = apps.get_model("papi", "Commune")
    with CSV_COMMUNES.open(encoding="utf-8") as fichier:
        for ligne in csv.DictReader(fichier):
            Commune.objects.update_or_create(
                code_insee=ligne["code_insee"],
                defaults={
                    "nom": ligne["nom"],
                    "code_postal": ligne["code_postal"],
                    "latitude": float(ligne["latitude"]),
                    "longitude": float(ligne["longitude"]),
                },
            )


class Migration(migrations.Migration):
    dependencies = [("papi", "0001_initial")]

    operations = [
        migrations.RunPython(recherche_postgresql, supprimer_recherche),
        migrations.RunPython(charger_communes, migrations.RunPython.noop),
    ]
