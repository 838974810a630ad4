"""La Feature GeoJSON de chaque lieu tenue par PostgreSQL lui-même, PostgreSQL seul.

Écrire 19 000 Features en Python faisait plus de la moitié du GeoJSON sans cache
(bench/README.md). Un déclencheur écrit celle d'un lieu dès qu'il est inséré, ou que
l'un des champs qu'elle montre est réécrit, par tous les chemins (COPY, save(),
update()) ; la carte ne fait plus que mettre les textes bout à bout (papi/geojson.py).
La Feature s'arrête au début de l'adresse de la fiche, qui dépend des URL de Django :
la vue y ajoute le slug.

Sans coordonnées, la Feature est vide : la concaténation d'un NULL l'est. L'index
couvrant de la migration 0010 laisse sa place à un autre, dans le même ordre (nom,
puis identifiant), qui ne porte plus que la Feature et le slug.
"""

from django.db import migrations, models

from brest_numerique.sql_postgresql import sur_postgresql

# to_json échappe une chaîne comme l'encodeur de json (guillemets, barres obliques
# inverses, \b \f \n \r \t, autres caractères de contrôle en \u00xx). Les
# coordonnées : 15 chiffres significatifs (float8 vers numeric), arrondi à cinq
# décimales au plus loin de zéro, sans zéros finaux ; geojson.coordonnee fait de même.
CREER = """
CREATE FUNCTION papi_lieu_carte_geojson() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.carte_geojson :=
        '{"type":"Feature","id":' || to_json(NEW.identifiant)::text
        || ',"geometry":{"type":"Point","coordinates":['
        || trim_scale(round(NEW.longitude::numeric, 5))::text
        || ',' || trim_scale(round(NEW.latitude::numeric, 5))::text
        || ']},"properties":{"nom":' || to_json(NEW.nom)::text
        || ',"commune":' || to_json(NEW.commune)::text || ',"url":"';
    RETURN NEW;
END
$$;
CREATE TRIGGER papi_lieu_carte_geojson
BEFORE INSERT OR UPDATE OF identifiant, longitude, latitude, nom, commune
ON papi_lieu FOR EACH ROW EXECUTE FUNCTION papi_lieu_carte_geojson();
UPDATE papi_lieu SET identifiant = identifiant;
DROP INDEX IF EXISTS papi_lieu_carte_idx;
CREATE INDEX papi_lieu_carte_idx ON papi_lieu (nom, id) INCLUDE (carte_geojson, slug)
WHERE publie AND carte_geojson IS NOT NULL;
"""
SUPPRIMER = """
DROP TRIGGER IF EXISTS papi_lieu_carte_geojson ON papi_lieu;
DROP FUNCTION IF EXISTS papi_lieu_carte_geojson();
DROP INDEX IF EXISTS papi_lieu_carte_idx;
CREATE INDEX papi_lieu_carte_idx ON papi_lieu (nom, id)
INCLUDE (identifiant, longitude, latitude, slug, commune)
WHERE publie AND latitude IS NOT NULL AND longitude IS NOT NULL;
"""


class Migration(migrations.Migration):
    dependencies = [("papi", "0011_vecteur_de_recherche_par_declencheur")]

    operations = [
        migrations.AddField(
            model_name="lieu",
            name="carte_geojson",
            field=models.TextField(editable=False, null=True),
        ),
        migrations.RunPython(sur_postgresql(CREER), sur_postgresql(SUPPRIMER), elidable=False),
    ]
