"""Admin menu "依申请公开": 申请办理, 登记申请, 行政复议和诉讼."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .models import InfoRequestReview
from .workflow import can_handle


class HandlerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_handle(request.user)


class InfoRequestViewSet(ViewSet):
    name = "inforequests_admin"
    url_prefix = "info-requests"
    menu_label = "申请办理"
    icon = "mail"
    menu_item_class = HandlerMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.request_list, name="index"),
            path("new/", admin_views.request_create, name="create"),
            path("<int:pk>/", admin_views.request_detail, name="detail"),
            path("<int:pk>/notices/<int:notice_pk>/", admin_views.request_notice, name="notice"),
            path("<int:pk>/reveal/", admin_views.reveal_identity, name="reveal"),
        ]


class ReviewViewSet(ModelViewSet):
    model = InfoRequestReview
    icon = "clipboard-list"
    menu_label = "行政复议和诉讼"
    form_fields = ["request", "kind", "filed_on", "result", "decided_on", "note"]
    list_display = ["kind", "filed_on", "result", "decided_on", "request"]
    list_filter = ["kind", "result"]
    search_fields = ["note", "request__number"]


class InfoRequestGroup(ViewSetGroup):
    menu_label = "依申请公开"
    menu_icon = "mail"
    menu_order = 245
    items = (InfoRequestViewSet, ReviewViewSet)


@hooks.register("register_admin_viewset")
def register_inforequest_group():
    return InfoRequestGroup()
