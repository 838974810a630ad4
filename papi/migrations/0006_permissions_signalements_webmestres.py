from django.db import migrations

from brest_numerique.comptes.migrations_roles import accorder_au_role, retirer_au_role

# Les webmestres lisent et traitent les erreurs signalées sur les fiches.
ROLE, APP, PERMISSIONS = "Webmestres", "papi", ["view_signalementlieu", "change_signalementlieu"]


def accorder(apps, schema_editor):
    accorder_au_role(apps, role=ROLE, app_label=APP, codenames=PERMISSIONS)


def retirer(apps, schema_editor):
    retirer_au_role(apps, role=ROLE, app_label=APP, codenames=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("papi", "0005_signalements_lieux"), ("comptes", "0002_roles")]

    operations = [migrations.RunPython(accorder, retirer)]
