"""Admin for search: the synonym list (snippet) and the search report for editors."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import HiddenSearchTerm, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = "搜索同义词"
    menu_name = "search-synonyms"
    add_to_settings_menu = True
    list_display = ["terms", "note", "enabled"]
    list_filter = ["enabled"]
    search_fields = ["terms"]


register_snippet(SynonymViewSet)


class HiddenSearchTermViewSet(SnippetViewSet):
    """Editors keep a phrase off the public 热门搜索 (search.querylog.hot_searches)."""

    model = HiddenSearchTerm
    icon = "cross"
    menu_label = "热门搜索屏蔽词"
    menu_name = "hidden-search-terms"
    add_to_settings_menu = True
    list_display = ["term", "note", "created"]
    search_fields = ["term"]


register_snippet(HiddenSearchTermViewSet)


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("search/report/", admin_views.search_report, name="search_report")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_view_report(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem("搜索统计", reverse("search_report"), icon_name="search", order=900)
