"""The two editorial roles as groups: Redacteuren (edit, not publish or delete measures) and
Hoofdredacteuren (also publish, delete and manage reference data). Reversible."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Redacteuren"
CHIEF_EDITORS = "Hoofdredacteuren"

EDITOR_PERMISSIONS = [
    "measures.add_measure",
    "measures.change_measure",
    "measures.view_measure",
    *[
        f"measures.{action}_{model}"
        for model in ("responsibility", "citation", "measurelink")
        for action in ("add", "change", "delete", "view")
    ],
    "measures.add_statuschange",
    "measures.view_statuschange",
    *[f"measures.{action}_{model}" for model in ("source", "organisation") for action in ("add", "change", "view")],
    "measures.view_ministry",
    "measures.view_official",
    "measures.view_changeevent",
    "pillars.view_pillar",
    "pillars.view_routestage",
    "pillars.view_governancelevel",
]

CHIEF_EDITOR_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    "measures.publish_measure",
    "measures.delete_measure",
    "measures.change_statuschange",
    "measures.delete_statuschange",
    "measures.delete_source",
    "measures.delete_organisation",
    *[f"measures.{action}_{model}" for model in ("ministry", "official") for action in ("add", "change", "delete")],
    *[f"pillars.{action}_{model}" for model in ("pillar", "routestage", "governancelevel") for action in ("add", "change")],
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ((EDITORS, EDITOR_PERMISSIONS), (CHIEF_EDITORS, CHIEF_EDITOR_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            # By codename alone: the change log's model has since moved to the changelog app
            # (changelog 0001), and tests call this again on today's apps after a flush.
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first() or Permission.objects.get(codename=codename)
            group.permissions.add(permission)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, CHIEF_EDITORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0004_history_and_public_change_events"),
        ("pillars", "0001_pillars_and_route_dimensions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
