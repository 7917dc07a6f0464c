"""Service halls (服务大厅), their opening sessions and closures, and windows (窗口).

Guide pages, bookings, the queue and the bulletin all read windows and hours from these
records, so a window number or an opening time is written down once (docs/domain.md
“预约与叫号”).
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

WEEKDAY_CHOICES = [(0, "周一"), (1, "周二"), (2, "周三"), (3, "周四"), (4, "周五"), (5, "周六"), (6, "周日")]
WEEKDAY_NAMES = dict(WEEKDAY_CHOICES)


class SessionKind(models.TextChoices):
    REGULAR = "regular", "工作日开放"
    EXTRA = "extra", "加开（非工作日轮值）"


class Hall(ClusterableModel):
    """服务大厅: the main service centre or a branch hall (分中心、便民服务点)."""

    name = models.CharField("大厅名称", max_length=100, unique=True)
    code = models.SlugField("大厅代码", max_length=30, unique=True, help_text="用于网址和取号，只能包含字母、数字、连字符。")
    is_main = models.BooleanField("主厅", default=False, help_text="政务服务中心主厅；分中心、便民服务点不勾选。")
    address = models.CharField("地址", max_length=200)
    phone = models.CharField("咨询电话", max_length=50, blank=True)
    directions = models.CharField("交通指引", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True, help_text="停用后不再显示、不可预约和取号。")
    sort_order = models.PositiveIntegerField("排序", default=100)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("is_main"), FieldPanel("active"), FieldPanel("sort_order")]),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("directions")]),
        InlinePanel(
            "sessions", heading="开放时段", label="开放时段",
            help_text="“工作日开放”按工作日历（含调休上班日）开放；可只填星期几覆盖该日的时段。"
                      "“加开”用于周六轮值等非工作日开放，法定节假日不开放，可指定轮值窗口。",
        ),
        InlinePanel("closures", heading="闭厅安排", label="闭厅", help_text="系统升级、装修等原因整厅暂停对外服务的日期。"),
    ]

    class Meta:
        ordering = ["-is_main", "sort_order", "name"]
        verbose_name = "服务大厅"
        verbose_name_plural = "服务大厅"

    def __str__(self):
        return self.name

    def hours_summary(self):
        from .opening import hours_summary

        return hours_summary(self)


class Window(models.Model):
    """窗口: one counter in a hall, staffed by one department, serving listed items."""

    hall = models.ForeignKey(Hall, verbose_name="所在大厅", on_delete=models.PROTECT, related_name="windows")
    number = models.CharField("窗口号", max_length=10, help_text="如 A01。同一大厅内不可重复。")
    name = models.CharField("窗口名称", max_length=50, blank=True, help_text="如：户政业务、综合受理。")
    department = models.ForeignKey(
        "guides.Department", verbose_name="进驻部门", on_delete=models.PROTECT, related_name="windows"
    )
    items = models.ManyToManyField(
        "guides.ServiceItemPage", verbose_name="办理事项", blank=True, related_name="service_windows",
        help_text="该窗口受理的事项；办事指南的“办理窗口”由此生成。",
    )
    active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=100)

    panels = [
        FieldRowPanel([FieldPanel("hall"), FieldPanel("number"), FieldPanel("name")]),
        FieldPanel("department"),
        # A long catalogue reads better as ticked boxes than as a multi-select list.
        FieldPanel("items", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("active"), FieldPanel("sort_order")]),
    ]

    class Meta:
        ordering = ["hall", "sort_order", "number"]
        verbose_name = "窗口"
        verbose_name_plural = "窗口"
        constraints = [models.UniqueConstraint(fields=["hall", "number"], name="window_number_unique_per_hall")]

    def __str__(self):
        label = f"{self.number}号窗口"
        if self.name:
            label += f"（{self.name}）"
        return f"{self.hall} {label}"

    @property
    def label(self):
        return f"{self.number}号窗口" + (f"（{self.name}）" if self.name else "")


class HallSession(Orderable, ClusterableModel):
    # ClusterableModel: its ParentalManyToManyField (windows) is saved with the hall form.
    """开放时段: one opening period of a hall (docs/domain.md §3: 9:00–12:00, 14:00–18:00 by default).

    A REGULAR session opens on working days (the working-day calendar decides, so 调休 make-up
    Saturdays open and holidays close); one with a weekday applies only on that weekday and, if
    any exist for a weekday, replaces the every-working-day rows on it. An EXTRA session opens
    on its weekday when that day is NOT a working day and not a statutory holiday (周六轮值),
    optionally for named windows only.
    """

    hall = ParentalKey(Hall, related_name="sessions", on_delete=models.CASCADE)
    kind = models.CharField("类型", max_length=8, choices=SessionKind.choices, default=SessionKind.REGULAR)
    weekday = models.PositiveSmallIntegerField(
        "星期", choices=WEEKDAY_CHOICES, null=True, blank=True,
        help_text="工作日开放可留空（每个工作日）；加开时段必须填写。",
    )
    start = models.TimeField("开始时间", default=datetime.time(9, 0))
    end = models.TimeField("结束时间", default=datetime.time(12, 0))
    windows = ParentalManyToManyField(
        Window, verbose_name="轮值窗口", blank=True, related_name="+",
        help_text="仅加开时段使用：留空表示全部窗口开放。",
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("weekday"), FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("windows"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "开放时段"
        verbose_name_plural = "开放时段"

    def __str__(self):
        day = WEEKDAY_NAMES.get(self.weekday, "工作日")
        return f"{day} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "结束时间必须晚于开始时间。"
        if self.kind == SessionKind.EXTRA and self.weekday is None:
            errors["weekday"] = "加开时段请选择星期几（如周六）。"
        if errors:
            raise ValidationError(errors)


class HallClosure(Orderable):
    """闭厅: days on which the whole hall is closed, whatever the calendar says."""

    hall = ParentalKey(Hall, related_name="closures", on_delete=models.CASCADE)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    reason = models.CharField("原因", max_length=100, help_text="如：系统升级暂停对外服务。")

    panels = [FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("reason")])]

    class Meta(Orderable.Meta):
        verbose_name = "闭厅"
        verbose_name_plural = "闭厅"

    def __str__(self):
        return f"{self.start_date:%Y-%m-%d}–{self.end_date:%Y-%m-%d} {self.reason}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "结束日期不能早于开始日期。"})


# A hall with no 工作日开放 rows keeps the default hours (docs/domain.md §3).
DEFAULT_SESSIONS = [(datetime.time(9, 0), datetime.time(12, 0)), (datetime.time(14, 0), datetime.time(18, 0))]
