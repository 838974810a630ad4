"""Le vecteur de recherche des lieux tenu par PostgreSQL lui-même, PostgreSQL seul.

Un déclencheur calcule `recherche` dès qu'une ligne est insérée, ou que l'un des
textes qu'il lit est réécrit, quel que soit le chemin : COPY, save(), update().
Avant, services.lieux_indexer le recalculait après coup, et chaque chemin d'écriture
devait penser à l'appeler. Mieux : au fil d'un COPY, PostgreSQL calcule le vecteur
de chaque ligne dès qu'elle arrive, pendant que Python prépare les suivantes.

Même expression que le SearchVector de Django d'avant (mêmes poids, même
configuration french_unaccent de la migration 0002) : les vecteurs déjà en base
restent justes, rien n'est à recalculer. Sur SQLite, la recherche n'a pas de vecteur.
"""

from django.db import migrations

from brest_numerique.sql_postgresql import sur_postgresql

CREER = """
CREATE FUNCTION papi_lieu_recherche() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.recherche :=
        setweight(to_tsvector('french_unaccent', COALESCE(NEW.nom, '')), 'A')
        || setweight(to_tsvector('french_unaccent',
            COALESCE(NEW.commune, '') || ' ' || COALESCE(NEW.adresse, '')), 'B')
        || setweight(to_tsvector('french_unaccent',
            COALESCE(NEW.presentation_resume, '') || ' ' || COALESCE(NEW.presentation_detail, '')),
            'C');
    RETURN NEW;
END
$$;
CREATE TRIGGER papi_lieu_recherche
BEFORE INSERT OR UPDATE OF nom, commune, adresse, presentation_resume, presentation_detail
ON papi_lieu FOR EACH ROW EXECUTE FUNCTION papi_lieu_recherche();
"""
SUPPRIMER = """
DROP TRIGGER IF EXISTS papi_lieu_recherche ON papi_lieu;
DROP FUNCTION IF EXISTS papi_lieu_recherche();
"""


class Migration(migrations.Migration):
    dependencies = [("papi", "0010_index_couvrant_de_la_carte")]

    operations = [migrations.RunPython(sur_postgresql(CREER), sur_postgresql(SUPPRIMER), elidable=False)]
