"""Admin screen 后台任务失败: background tasks that failed for good, read-only, for supervisors."""

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import TaskFailure


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Failures are written by the task framework only; nobody adds, edits or deletes them here."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(TaskFailure, ReadOnlyPermissionPolicy(TaskFailure))


class TaskFailureViewSet(ModelViewSet):
    model = TaskFailure
    icon = "warning"
    menu_label = "后台任务失败"
    add_to_settings_menu = True
    list_display = ["task_path", "failed_at", "backend"]
    list_filter = ["task_path"]
    inspect_view_enabled = True
    inspect_view_fields = ["task_path", "task_id", "backend", "failed_at", "error"]
    form_fields = ["task_path"]


task_failure_viewset = TaskFailureViewSet("task_failures")
