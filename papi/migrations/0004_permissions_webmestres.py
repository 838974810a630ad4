from django.db import migrations

from brest_numerique.comptes.migrations_roles import accorder_au_role, retirer_au_role

# Les webmestres tiennent l'annuaire à jour depuis l'administration.
ROLE, APP, PERMISSIONS = "Webmestres", "papi", ["add_lieu", "change_lieu", "delete_lieu", "view_lieu", "view_commune"]


def accorder(apps, schema_editor):
    accorder_au_role(apps, role=ROLE, app_label=APP, codenames=PERMISSIONS)


def retirer(apps, schema_editor):
    retirer_au_role(apps, role=ROLE, app_label=APP, codenames=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("papi", "0003_lieu_commentaires_ouverts"), ("comptes", "0002_roles")]

    operations = [migrations.RunPython(accorder, retirer)]
