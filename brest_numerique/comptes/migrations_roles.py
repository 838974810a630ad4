"""Outils stables des migrations qui accordent aux rôles les permissions d'une
application. Ne dépendent que de l'état historique des modèles (`apps`)."""

from django.contrib.auth.management import create_permissions


def accorder_au_role(apps, *, role: str, app_label: str, codenames: list[str]) -> None:
    # Les permissions des modèles naissent après les migrations (post_migrate) :
    # on les crée ici pour pouvoir les accorder dès la première installation.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groupe, _ = Group.objects.get_or_create(name=role)
    groupe.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )


def retirer_au_role(apps, *, role: str, app_label: str, codenames: list[str]) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for groupe in Group.objects.filter(name=role):
        groupe.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
