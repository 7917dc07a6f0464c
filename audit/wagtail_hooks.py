"""审计日志 in the admin: supervisors (督查) list, filter and export it; nobody edits it."""

from django.http import HttpResponseForbidden
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import actions
from .models import AuditEvent
from .records import record


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Append-only in the admin too: the add, edit and delete views never open."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(AuditEvent, ViewOnlyPolicy(AuditEvent))


class AuditIndexView(IndexView):
    """An export is itself an audited action, and needs the export permission."""

    def get(self, request, *args, **kwargs):
        if self.is_export:
            if not request.user.has_perm("audit.export_auditevent"):
                return HttpResponseForbidden("没有导出审计日志的权限。")
            record(actions.EXPORT, request=request, target="审计日志", detail=request.GET.urlencode()[:500])
        return super().get(request, *args, **kwargs)


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = "审计日志"
    menu_order = 990
    add_to_admin_menu = True
    index_view_class = AuditIndexView
    list_display = ["at", "actor_name", "get_action_label", "target", "ip"]
    list_filter = ["action", "at"]
    search_fields = ["actor_name", "target", "detail"]
    list_export = ["at", "actor_name", "action", "get_action_label", "target", "detail", "ip"]
    export_headings = {
        "at": "时间", "actor_name": "操作人", "action": "操作代码", "get_action_label": "操作",
        "target": "对象", "detail": "说明", "ip": "来源地址",
    }
    export_filename = "audit-log"
    inspect_view_enabled = True
    inspect_view_fields = ["at", "actor_name", "action", "target", "detail", "ip"]
    copy_view_enabled = False
    exclude_form_fields = []  # never shown: ViewOnlyPolicy closes the add and edit views


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditEventViewSet("audit_log")
