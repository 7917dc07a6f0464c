"""Admin menu item "信件办理" (投诉、咨询、建议、举报)."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet

from casework.wagtail_hooks import CaseStaffMenuItem

from . import admin_views as letter_views


class LetterQueueViewSet(ViewSet):
    name = "letter_queue"
    url_prefix = "letters"
    menu_label = "信件办理"
    menu_order = 265
    add_to_admin_menu = True
    icon = "mail"
    menu_item_class = CaseStaffMenuItem

    def get_urlpatterns(self):
        return [
            path("", letter_views.queue, name="index"),
            path("new/", letter_views.new_letter, name="new"),
            path("<int:pk>/", letter_views.detail, name="detail"),
            path("<int:pk>/reveal-phone/", letter_views.reveal_phone, name="reveal_phone"),
            path("<int:pk>/notices/<int:notice_pk>/", letter_views.notice, name="notice"),
        ]


@hooks.register("register_admin_viewset")
def register_letter_queue():
    return LetterQueueViewSet()
