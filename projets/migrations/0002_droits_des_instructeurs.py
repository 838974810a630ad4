"""Les Instructeurs préparent les éditions dans l'administration (dates, plafonds,
thèmes, critères, copie de l'édition précédente) et y consultent structures et
dossiers ; l'instruction elle-même a ses pages (/instruction/)."""

from django.db import migrations

from brest_numerique.comptes.migrations_roles import accorder_au_role, retirer_au_role

DROITS = [
    "add_appelaprojets",
    "change_appelaprojets",
    "view_appelaprojets",
    "add_criterenotation",
    "change_criterenotation",
    "delete_criterenotation",
    "view_criterenotation",
    "add_theme",
    "change_theme",
    "view_theme",
    "view_structure",
    "view_dossier",
]


def accorder(apps, schema_editor):
    accorder_au_role(apps, role="Instructeurs", app_label="projets", codenames=DROITS)


def retirer(apps, schema_editor):
    retirer_au_role(apps, role="Instructeurs", app_label="projets", codenames=DROITS)


class Migration(migrations.Migration):
    dependencies = [
        ("projets", "0001_initial"),
        ("comptes", "0002_roles"),
    ]

    operations = [migrations.RunPython(accorder, retirer)]
