"""Admin menu "办件": 窗口收件, 办件队列, 超期督办, 暂停计时事由, 窗口人员."""

from django.contrib import messages
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from citizens.account_links import AccountLink

from . import access
from .admin_views import intake, views
from .models import StaffAssignment, StopReason


class CaseStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_case_staff(request.user)


class SupervisorMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_supervisor(request.user)


class CaseQueueViewSet(ViewSet):
    name = "case_queue"
    url_prefix = "cases"
    menu_label = "办件队列"
    icon = "tasks"
    menu_item_class = CaseStaffMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.queue, name="index"),
            path("<int:pk>/", views.case_detail, name="detail"),
            path("<int:pk>/files/<int:file_pk>/", views.case_file, name="file"),
            path("<int:pk>/notices/<int:notice_pk>/", views.case_notice, name="notice"),
            path("<int:pk>/receipt/", views.receipt, name="receipt"),
            path("<int:pk>/reveal-phone/", views.reveal_phone, name="reveal_phone"),
        ]


class WindowStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return access.staff_department_id(request.user) is not None or access.is_supervisor(request.user)


class WindowIntakeViewSet(ViewSet):
    """窗口收件: register a walk-in application (docs/domain.md "窗口收件")."""

    name = "window_intake"
    url_prefix = "cases/intake"
    menu_label = "窗口收件"
    icon = "plus"
    menu_item_class = WindowStaffMenuItem

    def get_urlpatterns(self):
        return [
            path("", intake.intake_start, name="index"),
            path("item/<int:page_id>/", intake.intake_form, name="form"),
        ]


class OverdueViewSet(ViewSet):
    name = "overdue_cases"
    url_prefix = "cases/overdue"
    menu_label = "超期督办"
    icon = "warning"
    menu_item_class = SupervisorMenuItem

    def get_urlpatterns(self):
        return [path("", views.overdue, name="index")]


class StopReasonDeleteView(DeleteView):
    """A reason that clock stops have used cannot go (ClockStop.reason is PROTECT): say so
    instead of a 500, and point to 启用 for retiring it."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, "该事由已被暂停计时记录使用，不能删除。如不再使用，请编辑该事由并取消“启用”。")
            return redirect(self.get_success_url())


class StopReasonViewSet(ModelViewSet):
    model = StopReason
    delete_view_class = StopReasonDeleteView
    icon = "time"
    menu_label = "暂停计时事由"
    form_fields = ["name", "max_working_days", "active"]
    list_display = ["name", "max_working_days", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


class StaffAssignmentViewSet(ModelViewSet):
    model = StaffAssignment
    icon = "user"
    menu_label = "窗口人员"
    form_fields = ["user", "department", "service_window", "window"]
    list_display = ["user", "department", "service_window"]
    list_filter = ["department"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "window"]


class CaseworkGroup(ViewSetGroup):
    menu_label = "办件"
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (WindowIntakeViewSet, CaseQueueViewSet, OverdueViewSet, StopReasonViewSet, StaffAssignmentViewSet)


@hooks.register("register_admin_viewset")
def register_casework_group():
    return CaseworkGroup()


@hooks.register("citizen_account_links")
def my_cases_link():
    """我的办件 in the header's account menu and on the /account/ hub (citizens/account_links.py)."""
    return AccountLink("我的办件", reverse("online_apply:my_cases"), "网上申办的事项：进度、补正、受理和办结通知书、收件回执。", order=10)
