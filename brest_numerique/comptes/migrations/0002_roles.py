from django.contrib.auth.management import create_permissions
from django.db import migrations

# Figé ici (une migration ne doit pas changer après coup) : les applications
# ajoutent les permissions de leurs modèles par leurs propres migrations.
PERMISSIONS_DES_ROLES = {
    "Webmestres": ["comptes.publier_contenus", "comptes.moderer_commentaires"],
    "Instructeurs": ["comptes.instruire_dossiers"],
    "Jury": ["comptes.noter_dossiers"],
    "Gestionnaires Internet pour tous": ["comptes.gerer_internet_pour_tous"],
    "Bailleurs": ["comptes.consulter_chiffres_residences"],
}


def creer_roles(apps, schema_editor):
    # Les permissions ne sont créées qu'après toutes les migrations (post_migrate) :
    # on les crée ici pour pouvoir les attribuer dès la première installation.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for nom, permissions in PERMISSIONS_DES_ROLES.items():
        groupe, _ = Group.objects.get_or_create(name=nom)
        for permission in permissions:
            app_label, codename = permission.split(".")
            groupe.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def supprimer_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PERMISSIONS_DES_ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comptes", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(creer_roles, supprimer_roles)]
