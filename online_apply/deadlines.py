"""Deadline arithmetic for cases, all in working days (DOMAIN.md §2 "Working days").

due date = add_working_days(acceptance_date, promised_limit_days + stopped_working_days);
while the clock is stopped the deadline moves on with every stopped working day, so an open
stop counts up to today.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from workdays.calendar import add_working_days, working_days_between

from .models import CaseStatus, ClockStop

DUE_SOON_WORKING_DAYS = 2
# Statuses in which the deadline is running (a stopped case's clock is paused).
RUNNING_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.FORWARDED)


def _today(today=None) -> date:
    return today or timezone.localdate()


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
    if case.acceptance_date is None:
        return None
    stopped = case.stopped_working_days + open_stop_days(case, today)
    return add_working_days(case.acceptance_date, case.promised_limit_days + stopped)


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
    if case.status == CaseStatus.CLOSED and case.closed_at:
        end = timezone.localdate(case.closed_at)
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
