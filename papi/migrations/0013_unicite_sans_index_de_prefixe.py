"""Unicité de l'identifiant et du slug, index du code INSEE : sans les index de
préfixe (varchar_pattern_ops) que Django ajoutait à chacun sur PostgreSQL et
qu'aucune requête ne lit (papi/models.py, Lieu.Meta). Les index restants sont
ceux des égalités (unicité, `identifiant__parmi`, filtre par commune).
"""

import papi.validation
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("papi", "0012_feature_geojson_par_declencheur"),
    ]

    operations = [
        migrations.AlterField(
            model_name="lieu",
            name="code_insee",
            field=models.CharField(
                blank=True,
                max_length=5,
                validators=[papi.validation.valider_code_insee],
                verbose_name="code INSEE",
            ),
        ),
        migrations.AlterField(
            model_name="lieu",
            name="identifiant",
            field=models.CharField(
                help_text="Colonne « id » du standard.", max_length=200, verbose_name="identifiant"
            ),
        ),
        migrations.AlterField(
            model_name="lieu",
            name="slug",
            field=models.SlugField(
                db_index=False, max_length=120, verbose_name="adresse de la page"
            ),
        ),
        migrations.AddIndex(
            model_name="lieu",
            index=models.Index(fields=["code_insee"], name="papi_lieu_code_insee_idx"),
        ),
        migrations.AddConstraint(
            model_name="lieu",
            constraint=models.UniqueConstraint(
                fields=("identifiant",), name="papi_lieu_identifiant_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="lieu",
            constraint=models.UniqueConstraint(fields=("slug",), name="papi_lieu_slug_unique"),
        ),
    ]
