"""Admin for halls and windows: one “服务大厅” menu (Chinese labels throughout)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Hall, Window


class HallViewSet(SnippetViewSet):
    model = Hall
    icon = "home"
    menu_label = "服务大厅"
    menu_name = "halls"
    list_display = ["name", "code", "is_main", "address", "hours_summary", "active"]
    search_fields = ["name", "code", "address"]
    search_backend_name = None  # plain ORM search: a handful of halls
    ordering = ["-is_main", "sort_order", "name"]


class WindowViewSet(SnippetViewSet):
    model = Window
    icon = "user"
    menu_label = "窗口"
    menu_name = "windows"
    list_display = ["number", "name", "hall", "department", "active"]
    list_filter = ["hall", "department", "active"]
    search_fields = ["number", "name", "department__name"]
    search_backend_name = None
    ordering = ["hall", "sort_order", "number"]
    list_per_page = 50



class HallsGroup(SnippetViewSetGroup):
    items = (HallViewSet, WindowViewSet)
    menu_icon = "home"
    menu_label = "服务大厅"
    menu_name = "service-halls"
    menu_order = 220


register_snippet(HallsGroup)
