"""Les Webmestres éditent les pages du programme dans Wagtail (/cms/) ; personne
d'autre n'y entre. Une relecture facultative : un Webmestre soumet, un autre valide
(les Webmestres gardent le droit de publier directement)."""

from django.db import migrations

from brest_numerique.comptes.migrations_roles import accorder_au_role

WEBMESTRES = "Webmestres"
DROITS_SUR_LES_PAGES = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
DROITS_SUR_LES_MEDIAS = {
    "wagtailimages": ["add_image", "change_image", "choose_image", "delete_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document", "delete_document"],
}


def accorder(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    webmestres, _ = Group.objects.get_or_create(name=WEBMESTRES)
    webmestres.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    accorder_au_role(
        apps,
        role=WEBMESTRES,
        app_label="programmes",
        codenames=["add_chiffrecle", "change_chiffrecle", "delete_chiffrecle", "view_chiffrecle"],
    )
    racine = Page.objects.get(depth=1)
    for codename in DROITS_SUR_LES_PAGES:
        GroupPagePermission.objects.get_or_create(
            group=webmestres,
            page=racine,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    collection = Collection.objects.get(depth=1)
    for app_label, codenames in DROITS_SUR_LES_MEDIAS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=webmestres,
                collection=collection,
                permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
            )
    # Les groupes d'exemple de Wagtail n'ont personne et brouilleraient les rôles.
    Group.objects.filter(name__in=["Moderators", "Editors"]).delete()

    type_de_tache, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    tache = GroupApprovalTask.objects.create(
        name="Relecture par un second webmestre", content_type=type_de_tache, active=True
    )
    tache.groups.add(webmestres)
    circuit = Workflow.objects.create(name="Relecture avant publication", active=True)
    WorkflowTask.objects.create(workflow=circuit, task=tache, sort_order=0)
    WorkflowPage.objects.update_or_create(page=racine, defaults={"workflow": circuit})


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_pages_du_programme"),
        ("comptes", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(accorder, migrations.RunPython.noop)]
