"""Give 窗口工作人员 process_case (+ view) and 督查 supervise_case (+ process, view).

Group names match portal/roles.py (GROUP_WINDOW_STAFF, GROUP_SUPERVISORS); created if missing.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

WINDOW_STAFF = "窗口工作人员"
SUPERVISORS = "督查"
GRANTS = {
    WINDOW_STAFF: ["process_case", "view_case"],
    SUPERVISORS: ["supervise_case", "process_case", "view_case", "view_stopreason", "view_staffassignment"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    create_permissions(global_apps.get_app_config("online_apply"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin_access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="online_apply", codename__in=codenames)
        group.permissions.add(*perms)
        if admin_access:  # staff use the Wagtail admin for their queue
            group.permissions.add(admin_access)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.remove(*Permission.objects.filter(content_type__app_label="online_apply", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("online_apply", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
