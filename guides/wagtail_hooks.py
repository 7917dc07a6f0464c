"""Admin for the catalogue's reference data: 部门 and 主题分类 under one "办事指南设置" menu."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Department, Theme


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = "部门"
    menu_name = "departments"
    list_display = ["name", "short_name", "code", "phone", "sort_order"]
    list_filter = {"location": ["icontains"]}
    # Searched through Wagtail's backend with the Chinese analysis (民政 finds 县民政局), over
    # the fields Department.search_fields declares.
    ordering = ["sort_order", "name"]
    list_per_page = 50


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "主题分类"
    menu_name = "themes"
    list_display = ["name", "slug", "description", "sort_order"]
    search_fields = ["name", "slug", "description"]
    search_backend_name = None
    ordering = ["sort_order", "name"]
    list_per_page = 50


class CatalogSettingsGroup(SnippetViewSetGroup):
    items = (DepartmentViewSet, ThemeViewSet)
    menu_icon = "list-ul"
    menu_label = "办事指南设置"
    menu_name = "catalog-settings"
    menu_order = 210


register_snippet(CatalogSettingsGroup)
