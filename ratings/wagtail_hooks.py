"""Admin menu "好差评": 差评整改, 评价申诉, 指南反馈."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from casework.wagtail_hooks import CaseStaffMenuItem, SupervisorMenuItem

from . import admin_views as views


class EditorMenuItem(MenuItem):
    def is_shown(self, request):
        return views.is_editor(request.user)


class RectificationViewSet(ViewSet):
    name = "rectifications"
    url_prefix = "ratings/rectifications"
    menu_label = "差评整改"
    icon = "warning"
    menu_item_class = CaseStaffMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.rectifications, name="index"),
            path("<int:pk>/", views.rectification_detail, name="detail"),
            path("<int:pk>/reveal-phone/", views.reveal_rater_phone, name="reveal_phone"),
        ]


class AppealViewSet(ViewSet):
    name = "rating_appeals"
    url_prefix = "ratings/appeals"
    menu_label = "评价申诉"
    icon = "help"
    menu_item_class = SupervisorMenuItem

    def get_urlpatterns(self):
        return [path("", views.appeals, name="index"), path("<int:pk>/", views.appeal_detail, name="detail")]


class GuideFeedbackViewSet(ViewSet):
    name = "guide_feedback"
    url_prefix = "ratings/guide-feedback"
    menu_label = "指南反馈"
    icon = "comment"
    menu_item_class = EditorMenuItem

    def get_urlpatterns(self):
        return [path("", views.guide_feedback, name="index")]


class RatingsGroup(ViewSetGroup):
    menu_label = "好差评"
    menu_icon = "pick"
    menu_order = 260
    items = (RectificationViewSet, AppealViewSet, GuideFeedbackViewSet)


@hooks.register("register_admin_viewset")
def register_ratings_group():
    return RatingsGroup()
