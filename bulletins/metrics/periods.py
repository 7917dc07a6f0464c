"""A bulletin month: its local dates and the aware datetimes that bound it."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text):
        """"2026-10" → Month; ValueError with a Chinese message otherwise."""
        match = MONTH_RE.match((text or "").strip())
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
            raise ValueError(f"月份格式应为 YYYY-MM（如 2026-10），收到“{text}”。")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day):
        return cls(day.year, day.month)

    @classmethod
    def current(cls):
        return cls.of(timezone.localdate())

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self):
        return f"{self.year}年{self.month}月"

    @property
    def first_day(self):
        return date(self.year, self.month, 1)

    @property
    def last_day(self):
        return self.next().first_day - timedelta(days=1)

    def next(self):
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self):
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def same_month_last_year(self):
        return Month(self.year - 1, self.month)

    def minus(self, months):
        index = self.year * 12 + self.month - 1 - months
        return Month(index // 12, index % 12 + 1)

    @property
    def start_at(self):
        """Local midnight on the 1st, as an aware datetime (the database stores UTC)."""
        return timezone.make_aware(datetime.combine(self.first_day, datetime.min.time()))

    @property
    def end_at(self):
        return self.next().start_at

    def as_of(self, today=None):
        """The day the month's running figures are counted to: its last day, or today while it runs."""
        return min(self.last_day, today or timezone.localdate())

    def has_ended(self, today=None):
        return (today or timezone.localdate()) > self.last_day
