"""The working-day calendar: the exceptions to "Monday–Friday work, weekends off"."""

from django.db import models


class CalendarDay(models.Model):
    """工作日历: one day that breaks the weekday rule.

    Statutory holidays falling on weekdays (is_working_day=False) and 调休 make-up working days
    on weekends (is_working_day=True). Days that follow the rule have no row. The State Council
    (国务院办公厅) publishes each year's schedule late in the previous year, so the rows for years
    the chinese_calendar package knows are seeded and the rest are entered by an administrator.
    """

    SOURCE_PACKAGE = "package"
    SOURCE_ADMIN = "admin"
    SOURCE_CHOICES = [
        (SOURCE_PACKAGE, "chinese_calendar 数据包导入"),
        (SOURCE_ADMIN, "管理员维护"),
    ]

    date = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField(
        "是否工作日", default=False,
        help_text="勾选：周末调休上班（如“国庆节调休上班”）；不勾选：工作日放假（法定节假日）。",
    )
    name = models.CharField("名称", max_length=50, help_text="如：国庆节、春节、国庆节调休上班。")
    # Rows an administrator touched are never overwritten by the seed command.
    source = models.CharField("来源", max_length=10, choices=SOURCE_CHOICES, default=SOURCE_ADMIN, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历"

    def __str__(self):
        kind = "上班" if self.is_working_day else "放假"
        return f"{self.date:%Y-%m-%d} {self.name}（{kind}）"

    @property
    def edited_by_admin(self):
        return self.source == self.SOURCE_ADMIN
