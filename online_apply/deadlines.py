"""Deadline arithmetic for cases, all in working days (DOMAIN.md §2 "Working days").

due date = add_working_days(acceptance_date, promised_limit_days + stopped_working_days);
while the clock is stopped the deadline moves on with every stopped working day, so an open
stop counts up to today.
"""

from datetime import date

from django.utils import timezone

from workdays.calendar import add_working_days, working_days_between

from .models import CaseStatus

DUE_SOON_WORKING_DAYS = 2
# Statuses in which the deadline is running (a stopped case's clock is paused).
RUNNING_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.FORWARDED)


def _today(today=None) -> date:
    return today or timezone.localdate()


def open_stop_days(case, today=None) -> int:
    """Working days of the stop in progress (0 when the clock is running)."""
    if case.status != CaseStatus.STOPPED:
        return 0
    stop = case.clock_stops.filter(ended_on=None).order_by("-started_on").first()
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


def is_due_soon(case, today=None) -> bool:
    left = working_days_left(case, today)
    return case.status in RUNNING_STATUSES and left is not None and 0 <= left <= DUE_SOON_WORKING_DAYS


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


# ---------------------------------------------------------------- querysets (queue filters)


def due_within(queryset, working_days, today=None):
    """Running cases due within N working days from today (overdue ones included)."""
    limit = add_working_days(_today(today), working_days)
    return queryset.filter(status__in=RUNNING_STATUSES, due_date__lte=limit)


def overdue(queryset, today=None):
    """Running cases whose deadline has passed."""
    return queryset.filter(status__in=RUNNING_STATUSES, due_date__lt=_today(today))
