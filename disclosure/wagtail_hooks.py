"""Admin menu "政务公开": 待公开信息 (and the information requests)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_disclosure_urls():
    return [path("disclosure/pending/", admin_views.pending_publication, name="disclosure_pending")]


@hooks.register("register_admin_menu_item")
def register_pending_menu_item():
    return MenuItem("待公开信息", reverse("disclosure_pending"), icon_name="date", order=240)
