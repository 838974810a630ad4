from django.db import migrations

from brest_numerique.comptes.migrations_roles import accorder_au_role, retirer_au_role

# Les webmestres lisent et suivent les demandes d'accompagnement.
ROLE, APP = "Webmestres", "accompagnement"
PERMISSIONS = ["view_demandeaccompagnement", "change_demandeaccompagnement"]


def accorder(apps, schema_editor):
    accorder_au_role(apps, role=ROLE, app_label=APP, codenames=PERMISSIONS)


def retirer(apps, schema_editor):
    retirer_au_role(apps, role=ROLE, app_label=APP, codenames=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("accompagnement", "0001_initial"), ("comptes", "0002_roles")]

    operations = [migrations.RunPython(accorder, retirer)]
