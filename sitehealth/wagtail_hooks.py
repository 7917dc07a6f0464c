"""Admin: 网站健康检查 page (报告 menu) and 栏目更新周期 (设置 menu)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from . import views
from .models import ColumnUpdatePeriod


@hooks.register("register_admin_urls")
def register_health_url():
    return [path("site-health/", views.health_page, name="site_health")]


@hooks.register("register_admin_menu_item")
def register_health_menu_item():
    return MenuItem("网站健康检查", reverse("site_health"), icon_name="pick", order=230)


class ColumnUpdatePeriodViewSet(ModelViewSet):
    model = ColumnUpdatePeriod
    icon = "time"
    menu_label = "栏目更新周期"
    add_to_settings_menu = True
    form_fields = ["page", "days", "note"]
    list_display = ["page", "days", "note"]
    search_fields = ["page__title", "note"]


@hooks.register("register_admin_viewset")
def register_column_periods():
    return ColumnUpdatePeriodViewSet("column_update_periods")
