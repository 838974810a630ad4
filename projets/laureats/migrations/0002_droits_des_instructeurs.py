"""Les Instructeurs tiennent les fiches publiques des lauréats dans l'administration
(celles de leurs éditions seulement : LaureatAdmin) ; ils ne les créent ni ne les
suppriment (les fiches naissent au vote du conseil)."""

from django.db import migrations

from brest_numerique.comptes.migrations_roles import accorder_au_role, retirer_au_role

DROITS = ["view_laureat", "change_laureat"]


def accorder(apps, schema_editor):
    accorder_au_role(apps, role="Instructeurs", app_label="laureats", codenames=DROITS)


def retirer(apps, schema_editor):
    retirer_au_role(apps, role="Instructeurs", app_label="laureats", codenames=DROITS)


class Migration(migrations.Migration):
    dependencies = [
        ("laureats", "0001_initial"),
        ("comptes", "0002_roles"),
    ]

    operations = [migrations.RunPython(accorder, retirer)]
