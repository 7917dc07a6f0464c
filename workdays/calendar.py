"""Working-day arithmetic for deadlines (承诺办结时限 counts working days).

Rule: Monday–Friday are working days, Saturday and Sunday are not, except where a CalendarDay
row says otherwise (法定节假日 on a weekday, 调休 make-up day on a weekend).

These functions run for thousands of cases when a monthly bulletin is computed, so each
year's exceptions are held in process memory. A CalendarDay save/delete clears this process's
copy at once and bumps a version number in Django's cache so other processes (other workers)
drop theirs; the shared version is looked up at most once every VERSION_CHECK_SECONDS.
"""

import threading
import time
from datetime import date, timedelta

from django.core.cache import cache

VERSION_KEY = "workdays:calendar-version"
VERSION_CHECK_SECONDS = 2.0
# A deadline further out than this many calendar days means bad input, not a real schedule.
MAX_SCAN_DAYS = 366 * 20

_lock = threading.Lock()
_state = {"version": None, "checked_at": 0.0, "years": {}}


def clear_cache():
    """Forget this process's copy and tell other processes to forget theirs."""
    with _lock:
        _state["years"] = {}
        _state["checked_at"] = 0.0
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # key missing (first change, or the cache was flushed)
        cache.set(VERSION_KEY, 1, timeout=None)


def _year_exceptions(year):
    """{date: is_working_day} for one year, from memory when current."""
    now = time.monotonic()
    if now - _state["checked_at"] > VERSION_CHECK_SECONDS:
        version = cache.get(VERSION_KEY)
        with _lock:
            if version != _state["version"]:
                _state["years"] = {}
                _state["version"] = version
            _state["checked_at"] = now
    years = _state["years"]
    if year not in years:
        from .models import CalendarDay

        rows = CalendarDay.objects.filter(date__year=year).values_list("date", "is_working_day")
        years[year] = dict(rows)
    return years[year]


def is_working_day(d: date) -> bool:
    """True when d is a working day (weekday rule, corrected by the calendar)."""
    exception = _year_exceptions(d.year).get(d)
    if exception is not None:
        return exception
    return d.weekday() < 5


def next_working_day(d: date) -> date:
    """The first working day strictly after d."""
    day = d + timedelta(days=1)
    for _ in range(MAX_SCAN_DAYS):
        if is_working_day(day):
            return day
        day += timedelta(days=1)
    raise ValueError(f"{d} 之后 {MAX_SCAN_DAYS} 天内没有工作日，请检查工作日历。")


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after start (start itself does not count).

    days=0 gives start when it is a working day, else the next working day: a 当场办结 item
    accepted on a holiday is due the next working day. Deadline = add_working_days(
    acceptance_date, promised_days + stopped_working_days).
    """
    if days < 0:
        raise ValueError("工作日天数不能为负数。")
    if days == 0:
        return start if is_working_day(start) else next_working_day(start)
    day = start
    for _ in range(days):
        day = next_working_day(day)
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days d satisfy start < d <= end (0 when end <= start)."""
    if end <= start:
        return 0
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


def working_days_in(start: date, end: date) -> list[date]:
    """The working days from start to end, both included."""
    days = []
    day = start
    while day <= end:
        if is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days
