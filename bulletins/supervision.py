"""电子监察: what supervisors chase in the running month (docs/domain.md, 每月运行情况通报).

Each list is one query; the numbers in them (days overdue, days stopped) come from the
working-day numbering inside that query.
"""

from django.apps import apps
from django.db.models import F, Value
from django.utils import timezone

from casework.models import Case, CaseStatus, ClockStop
from workdays.calendar import add_working_days

from . import numbering
from .metrics.cases import OPEN_RUNNING, ordinal_of, ordinal_on

LIST_LIMIT = 50
LETTER_WARNING_WORKING_DAYS = 3


def overdue_cases(today=None):
    """Running cases past their deadline, most overdue first, with working days overdue."""
    today = today or timezone.localdate()
    numbering.ensure_current()
    qs = Case.objects.filter(status__in=OPEN_RUNNING, due_date__lt=today).select_related("item", "department")
    qs = qs.annotate(days_overdue=Value(ordinal_on(today)) - ordinal_of("due_date"))
    return qs.order_by("due_date", "pk")


def long_stops(today=None):
    """Clock stops still running longer than their reason allows (the abuse §2 warns of)."""
    today = today or timezone.localdate()
    numbering.ensure_current()
    qs = ClockStop.objects.filter(ended_on=None, case__status=CaseStatus.STOPPED).select_related("case", "case__department", "reason")
    qs = qs.annotate(days_stopped=Value(ordinal_on(today)) - ordinal_of("started_on"))
    return qs.filter(days_stopped__gt=F("reason__max_working_days")).order_by("started_on", "pk")


def open_rectifications():
    """差评 rectifications not yet done, earliest deadline first (None when 好差评 is not installed)."""
    if not apps.is_installed("ratings"):
        return None
    from ratings.models import Rectification, RectificationStatus

    return Rectification.objects.filter(status=RectificationStatus.OPEN).select_related("department", "rating").order_by("due_date", "pk")


def letters_near_deadline(today=None):
    """Letters awaiting a reply due within a few working days or already late (None without letters)."""
    if not apps.is_installed("letters"):
        return None
    from letters.models import AWAITING_REPLY, Letter

    today = today or timezone.localdate()
    limit = add_working_days(today, LETTER_WARNING_WORKING_DAYS)
    return Letter.objects.filter(status__in=AWAITING_REPLY, due_date__lte=limit).select_related("department").order_by("due_date", "pk")
