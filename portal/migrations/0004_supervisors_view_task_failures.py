"""督查 (portal/roles.py GROUP_SUPERVISORS) may view 后台任务失败."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

SUPERVISORS = "督查"


def grant(apps, schema_editor):
    create_permissions(global_apps.get_app_config("portal"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=SUPERVISORS)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="portal", codename="view_taskfailure"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=SUPERVISORS).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="portal", codename="view_taskfailure"))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_task_failure"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
