"""Keeps the WorkdayNumber table in step with workdays' calendar.

Rebuilt (≈ 11,000 rows, well under a second) whenever the calendar's fingerprint (row count and
last edit time) differs from the one the table was built from, or when a month outside the
numbered range is asked for. Called before every bulletin computation, so an administrator's
edit to the calendar is reflected in the next figures without any extra step.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from workdays import calendar
from workdays.models import CalendarDay

from .models import NumberingState, WorkdayNumber

NUMBERING_START = date(2010, 1, 1)
YEARS_AHEAD = 3


def _fingerprint():
    row = CalendarDay.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return f"{row['n']}:{row['last'].isoformat() if row['last'] else '-'}"


def _wanted_range(until=None):
    last = date(max(timezone.localdate().year, (until or NUMBERING_START).year) + YEARS_AHEAD, 12, 31)
    return NUMBERING_START, last


@transaction.atomic
def rebuild(until=None):
    """Renumber every date from NUMBERING_START to a few years ahead."""
    first, last = _wanted_range(until)
    calendar.clear_cache()  # read the calendar as it is in the database now
    rows, ordinal, day = [], 0, first
    while day <= last:
        ordinal += calendar.is_working_day(day)
        rows.append(WorkdayNumber(date=day, ordinal=ordinal))
        day += timedelta(days=1)
    WorkdayNumber.objects.all().delete()
    WorkdayNumber.objects.bulk_create(rows, batch_size=2000)
    NumberingState.objects.all().delete()
    NumberingState.objects.create(fingerprint=_fingerprint(), first_date=first, last_date=last)
    return len(rows)


def ensure_current(until=None):
    """Rebuild the numbering when the calendar changed or `until` lies beyond it."""
    state = NumberingState.objects.first()
    needed = until or timezone.localdate()
    if state is None or state.fingerprint != _fingerprint() or needed > state.last_date:
        rebuild(until=needed)
