"""Les totaux par statut de la file de modération (commentaires.TotalParStatut),
tenus par des déclencheurs de PostgreSQL.

Un déclencheur par instruction, et non par ligne : une décision groupée sur 500
commentaires met les totaux à jour une fois, par les tables de transition
(`anciens`, `nouveaux`). Seuls les statuts d'historique sont tenus : un
commentaire déposé (à confirmer, en attente) ne touche à aucune ligne de total, et
deux dépôts simultanés ne s'attendent jamais l'un l'autre. Un TRUNCATE de la
table vide aussi les totaux. Sur SQLite, rien : la file y compte ses commentaires.
"""

from django.db import migrations, models

from brest_numerique.sql_postgresql import sur_postgresql

TENUS = "('publie', 'rejete', 'spam')"

# Chaque branche ne nomme que les tables de transition de son événement :
# PL/pgSQL prépare une instruction entière, et `anciens` n'existe pas à l'insertion.
AJOUTER = f"""
    INSERT INTO commentaires_totalparstatut AS total (statut, nombre)
    SELECT statut, SUM(ecart) FROM ({{ecarts}}) AS ecarts
    WHERE statut IN {TENUS}
    GROUP BY statut
    ON CONFLICT (statut) DO UPDATE SET nombre = total.nombre + EXCLUDED.nombre;
"""  # noqa: S608 — des constantes de ce module, aucune valeur reçue
INSERTION = AJOUTER.format(ecarts="SELECT statut, 1 AS ecart FROM nouveaux")
SUPPRESSION = AJOUTER.format(ecarts="SELECT statut, -1 AS ecart FROM anciens")
MODIFICATION = AJOUTER.format(
    ecarts=(
        "SELECT a.statut, -1 AS ecart FROM anciens a JOIN nouveaux n ON n.id = a.id "
        "WHERE a.statut <> n.statut "
        "UNION ALL "
        "SELECT n.statut, 1 FROM anciens a JOIN nouveaux n ON n.id = a.id "
        "WHERE a.statut <> n.statut"
    )
)

CREER = f"""
CREATE FUNCTION commentaires_totaux_suivre() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {INSERTION}
    ELSIF TG_OP = 'DELETE' THEN
        {SUPPRESSION}
    ELSIF TG_OP = 'UPDATE' THEN
        {MODIFICATION}
    ELSE
        DELETE FROM commentaires_totalparstatut;  -- TRUNCATE
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER commentaires_totaux_insertion AFTER INSERT ON commentaires_commentaire
    REFERENCING NEW TABLE AS nouveaux
    FOR EACH STATEMENT EXECUTE FUNCTION commentaires_totaux_suivre();
CREATE TRIGGER commentaires_totaux_modification AFTER UPDATE ON commentaires_commentaire
    REFERENCING OLD TABLE AS anciens NEW TABLE AS nouveaux
    FOR EACH STATEMENT EXECUTE FUNCTION commentaires_totaux_suivre();
CREATE TRIGGER commentaires_totaux_suppression AFTER DELETE ON commentaires_commentaire
    REFERENCING OLD TABLE AS anciens
    FOR EACH STATEMENT EXECUTE FUNCTION commentaires_totaux_suivre();
CREATE TRIGGER commentaires_totaux_vidage AFTER TRUNCATE ON commentaires_commentaire
    FOR EACH STATEMENT EXECUTE FUNCTION commentaires_totaux_suivre();
INSERT INTO commentaires_totalparstatut (statut, nombre)
SELECT statut, COUNT(*) FROM commentaires_commentaire WHERE statut IN {TENUS} GROUP BY statut;
"""  # noqa: S608 — des constantes de ce module, aucune valeur reçue

SUPPRIMER = """
DROP TRIGGER IF EXISTS commentaires_totaux_insertion ON commentaires_commentaire;
DROP TRIGGER IF EXISTS commentaires_totaux_modification ON commentaires_commentaire;
DROP TRIGGER IF EXISTS commentaires_totaux_suppression ON commentaires_commentaire;
DROP TRIGGER IF EXISTS commentaires_totaux_vidage ON commentaires_commentaire;
DROP FUNCTION IF EXISTS commentaires_totaux_suivre();
"""


class Migration(migrations.Migration):
    dependencies = [("commentaires", "0006_index_de_la_file")]

    operations = [
        migrations.CreateModel(
            name="TotalParStatut",
            fields=[
                (
                    "statut",
                    models.CharField(
                        choices=[
                            ("en_attente_confirmation", "Adresse à confirmer"),
                            ("en_attente", "À modérer"),
                            ("publie", "Publié"),
                            ("rejete", "Rejeté"),
                            ("spam", "Indésirable"),
                            ("masque", "Masqué"),
                        ],
                        max_length=30,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("nombre", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "total par statut",
                "verbose_name_plural": "totaux par statut",
            },
        ),
        migrations.RunPython(sur_postgresql(CREER), sur_postgresql(SUPPRIMER), elidable=False),
    ]
