"""督查 (portal.roles.GROUP_SUPERVISORS) may view and export the audit log; created if missing."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

SUPERVISORS = "督查"
CODENAMES = ["view_auditevent", "export_auditevent"]


def grant(apps, schema_editor):
    create_permissions(global_apps.get_app_config("audit"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=SUPERVISORS)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="audit", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=SUPERVISORS).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="audit", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
