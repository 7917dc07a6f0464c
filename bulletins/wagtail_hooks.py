"""Admin: 电子监察 (supervisors' running-month dashboard)."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from casework import access

from . import admin_views


class SupervisorMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_supervisor(request.user)


class SupervisionViewSet(ViewSet):
    name = "supervision"
    url_prefix = "supervision"
    menu_label = "电子监察"
    icon = "view"
    menu_item_class = SupervisorMenuItem
    add_to_admin_menu = True
    menu_order = 250

    def get_urlpatterns(self):
        return [path("", admin_views.dashboard, name="index")]


@hooks.register("register_admin_viewset")
def register_supervision():
    return SupervisionViewSet()
