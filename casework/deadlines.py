"""Deadline arithmetic, all in working days (docs/domain.md "工作日与期限").

THE formula lives in `due_date()`: start date + limit + paused days + extension, counted in
working days. Every deadline of every matter (承诺办结日期, 预审期限, 补正期限, a letter's reply
date) is computed by it. While the clock is stopped the deadline moves on with every stopped
working day, so an open stop counts up to today.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from workdays.calendar import add_working_days, working_days_between

from . import clock
from .models import CaseStatus, ClockStop


@dataclass(frozen=True)
class DeadlineTerms:
    """What a deadline is made of; a matter returns these from `deadline_terms()`."""

    start: date
    limit: int
    paused: int = 0
    extension: int = 0


def due_date(start: date, limit: int, paused: int = 0, extension: int = 0) -> date:
    """The one deadline formula: `limit + paused + extension` working days after `start`
    (0 days = the start day itself when it is a working day, else the next one)."""
    return add_working_days(start, limit + paused + extension)


def due_date_of(matter):
    """A matter's stored-terms deadline (without a stop in progress), or None."""
    terms = matter.deadline_terms()
    return due_date(terms.start, terms.limit, terms.paused, terms.extension) if terms else None


DUE_SOON_WORKING_DAYS = 2
# Statuses in which the deadline is running (a stopped case's clock is paused).
RUNNING_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.FORWARDED)


def _today(today=None) -> date:
    return today or clock.today()


# Where with_open_stops() puts each case's open stops (newest first).
OPEN_STOPS_ATTR = "open_clock_stops"
_OPEN_STOP_ORDER = ("-started_on", "-pk")


def with_open_stops(queryset):
    """Fetch the open ClockStop rows of all listed cases in one query, not one per stopped case."""
    open_stops = ClockStop.objects.filter(ended_on=None).order_by(*_OPEN_STOP_ORDER)
    return queryset.prefetch_related(Prefetch("clock_stops", queryset=open_stops, to_attr=OPEN_STOPS_ATTR))


def _open_stop(case):
    prefetched = getattr(case, OPEN_STOPS_ATTR, None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return case.clock_stops.filter(ended_on=None).order_by(*_OPEN_STOP_ORDER).first()


def open_stop_days(case, today=None) -> int:
    """Working days of the stop in progress (0 when the clock is running)."""
    if case.status != CaseStatus.STOPPED:
        return 0
    stop = _open_stop(case)
    return working_days_between(stop.started_on, _today(today)) if stop else 0


def effective_due_date(case, today=None):
    """The deadline including a stop still in progress; None before acceptance."""
    terms = case.deadline_terms()
    if terms is None:
        return None
    return due_date(terms.start, terms.limit, terms.paused + open_stop_days(case, today), terms.extension)


def signed_working_days(start: date, end: date) -> int:
    """Working days from start to end; negative when end is before start."""
    if end >= start:
        return working_days_between(start, end)
    return -working_days_between(end, start)


def working_days_left(case, today=None):
    """Working days until the deadline (0 = due today, negative = overdue); None when not running."""
    if case.status not in (*RUNNING_STATUSES, CaseStatus.STOPPED):
        return None
    due = effective_due_date(case, today)
    return signed_working_days(_today(today), due) if due else None


def _due_soon(case, left) -> bool:
    return case.status in RUNNING_STATUSES and left is not None and 0 <= left <= DUE_SOON_WORKING_DAYS


def is_due_soon(case, today=None) -> bool:
    return _due_soon(case, working_days_left(case, today))


def overdue_days(case, today=None) -> int:
    """Working days past the deadline: for open cases up to today, for closed ones at closing."""
    if case.due_date is None:
        return 0
    if case.status == CaseStatus.CLOSED and case.closed_on:
        end = case.closed_on
        due = case.due_date
    elif case.status in RUNNING_STATUSES:
        end, due = _today(today), case.due_date
    else:
        return 0
    return working_days_between(due, end) if end > due else 0


def is_overdue(case, today=None) -> bool:
    return overdue_days(case, today) > 0


@dataclass(frozen=True)
class DeadlineInfo:
    """One case's deadline figures for a list row, computed once."""

    days_left: int | None
    overdue: bool
    due_soon: bool


def deadline_info(case, today=None) -> DeadlineInfo:
    """Days left, overdue and due-soon together: the open stop is looked at only once."""
    today = _today(today)
    left = working_days_left(case, today)
    return DeadlineInfo(days_left=left, overdue=is_overdue(case, today), due_soon=_due_soon(case, left))


# ---------------------------------------------------------------- querysets (queue filters)


def due_within(queryset, working_days, today=None):
    """Running cases due within N working days from today (overdue ones included)."""
    limit = add_working_days(_today(today), working_days)
    return queryset.filter(status__in=RUNNING_STATUSES, due_date__lte=limit)


def overdue(queryset, today=None):
    """Running cases whose deadline has passed."""
    return queryset.filter(status__in=RUNNING_STATUSES, due_date__lt=_today(today))


# ---------------------------------------------------------------- stored at transitions


def working_days_used(case, closed_on: date) -> int:
    """Working days from acceptance to closing, stopped time excluded (the bulletin's 平均办理时长)."""
    if case.acceptance_date is None:
        return 0
    return max(0, working_days_between(case.acceptance_date, closed_on) - case.stopped_working_days)


def pre_review_due(submitted_on: date) -> date:
    """预审期限: the configured number of working days from submission (default 5)."""
    from .models import CaseworkSettings

    return due_date(submitted_on, CaseworkSettings.current().pre_review_working_days)


def correction_due(issued_on: date) -> date:
    """补正期限 of a 《材料补齐通知书》: the configured period from the day it is issued."""
    from .models import CaseworkSettings

    return due_date(issued_on, CaseworkSettings.current().correction_working_days)
