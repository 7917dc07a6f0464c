"""Admin menu item "信件办理" (投诉、咨询、建议、举报)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet

from casework.wagtail_hooks import CaseStaffMenuItem
from citizens.account_links import AccountLink

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


@hooks.register("citizen_account_links")
def my_letters_link():
    """我的信件 in the header's account menu and on the /account/ hub (citizens/account_links.py)."""
    return AccountLink("我的信件", reverse("letters:mine"), "写给政务服务中心的投诉、咨询、建议和举报：办理进度、答复和评价。", order=30)
