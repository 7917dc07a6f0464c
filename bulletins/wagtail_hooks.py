"""Admin: 电子监察 (supervisors' running-month dashboard)."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet

from casework.wagtail_hooks import SupervisorMenuItem

from . import admin_views


class SupervisionViewSet(ViewSet):
    name = "supervision"
    url_prefix = "supervision"
    menu_label = "电子监察"
    icon = "view"
    menu_item_class = SupervisorMenuItem  # shown to supervisors only, like 超期督办
    add_to_admin_menu = True
    menu_order = 250

    def get_urlpatterns(self):
        return [path("", admin_views.dashboard, name="index")]


@hooks.register("register_admin_viewset")
def register_supervision():
    return SupervisionViewSet()
