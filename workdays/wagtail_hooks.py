from wagtail import hooks

from .views import calendar_day_viewset


@hooks.register("register_admin_viewset")
def register_calendar_day_viewset():
    return calendar_day_viewset
