"""Admin menu “取号叫号”: the hall index (desk, windows' calling screens, day lists)."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import access, admin_views


class QueueStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_queue_staff(request.user)


class QueueViewSet(ViewSet):
    name = "queueing_admin"
    url_prefix = "queue"
    menu_label = "取号叫号"
    icon = "list-ol"
    menu_item_class = QueueStaffMenuItem
    add_to_admin_menu = True
    menu_order = 240

    def get_urlpatterns(self):
        return [
            path("", admin_views.index, name="index"),
            path("halls/<int:hall_id>/desk/", admin_views.desk, name="desk"),
            path("halls/<int:hall_id>/day/", admin_views.day_list, name="day"),
            path("windows/<int:window_id>/", admin_views.window_screen, name="window"),
        ]


@hooks.register("register_admin_viewset")
def register_queue_viewset():
    return QueueViewSet()
