"""Wagtail admin screens for the working-day calendar (menu 工作日历)."""

import django_filters
from django import forms
from django.db.models.functions import ExtractYear
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from .models import CalendarDay

HELP = (
    "国务院办公厅通常在每年年底（11–12 月）发布下一年的部分节假日安排通知。"
    "通知发布后，若 chinesecalendar 数据包尚未更新，请在此逐日录入：工作日放假的日期（不勾选“是否工作日”）"
    "和周末调休上班的日期（勾选“是否工作日”）。普通周一至周五、周六周日无需录入。"
    "在此保存的日期不会被数据包导入命令覆盖。"
)


def year_choices():
    years = (
        CalendarDay.objects.annotate(year=ExtractYear("date"))
        .values_list("year", flat=True).distinct().order_by("-year")
    )
    return [(y, f"{y}年") for y in years]


class CalendarDayFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(label="年份", choices=year_choices, field_name="date__year")
    is_working_day = django_filters.BooleanFilter(
        label="类型", widget=forms.Select(choices=[("", "全部"), ("true", "调休上班"), ("false", "放假")]),
    )

    class Meta:
        model = CalendarDay
        fields = ["year", "is_working_day"]


class CalendarDayForm(WagtailAdminModelForm):
    def save(self, commit=True):
        # Marks the row as an administrator's decision so seed_work_calendar leaves it alone.
        self.instance.source = CalendarDay.SOURCE_ADMIN
        return super().save(commit=commit)


class CalendarDayViewSet(ModelViewSet):
    model = CalendarDay
    icon = "date"
    menu_label = "工作日历"
    menu_name = "work_calendar"
    menu_order = 800
    add_to_admin_menu = True
    list_display = ["date", "name", "is_working_day", "source", "updated_at"]
    filterset_class = CalendarDayFilterSet
    search_fields = ["name"]
    list_per_page = 50
    # Newest first, so the year being prepared is on top.
    ordering = ["-date"]
    edit_handler = ObjectList(
        [
            HelpPanel(content=f"<p>{HELP}</p>", heading="说明"),
            FieldPanel("date"),
            FieldPanel("is_working_day"),
            FieldPanel("name"),
        ],
        base_form_class=CalendarDayForm,
    )


calendar_day_viewset = CalendarDayViewSet("work_calendar")
