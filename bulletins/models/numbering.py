"""A working-day numbering the database can join on (docs/domain.md, 每月运行情况通报).

Each calendar date gets `ordinal` = how many working days fall on or before it (counted from
NUMBERING_START). The working days d with start < d <= end are then ordinal(end) − ordinal(start),
exactly what workdays.calendar.working_days_between counts, but as a join inside an aggregate
query instead of a Python loop per case.
"""

from django.db import models


class WorkdayNumber(models.Model):
    date = models.DateField("日期", primary_key=True)
    ordinal = models.PositiveIntegerField("工作日序号")

    class Meta:
        verbose_name = "工作日序号"
        verbose_name_plural = "工作日序号"

    def __str__(self):
        return f"{self.date:%Y-%m-%d} #{self.ordinal}"


class NumberingState(models.Model):
    """Which version of the working-day calendar the numbering was built from (one row)."""

    fingerprint = models.CharField(max_length=100)
    first_date = models.DateField()
    last_date = models.DateField()

    def __str__(self):
        return f"{self.first_date}–{self.last_date} ({self.fingerprint})"
