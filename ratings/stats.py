"""Public 好差评 statistics per department and month (docs/domain.md "## 好差评").

Also the API the monthly bulletin uses: month_summary(year, month) gives the figures for one
month; department_rows(year, month) the per-department table. Set-aside ratings are not counted
in 满意率 but are reported, with their reasons, so nothing disappears silently.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.utils import timezone

from .models import BAD_GRADES, SATISFIED_GRADES, AppealReason, Rating, RatingStatus, Rectification, RectificationStatus


def month_bounds(year, month):
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return start, end


@dataclass
class DepartmentMonth:
    department: str
    ratings: int = 0
    satisfied: int = 0
    bad: int = 0
    set_aside: int = 0
    rectified: int = 0
    rectified_on_time: int = 0
    rectifying: int = 0

    @property
    def satisfaction_rate(self):
        """满意率 = (非常满意+满意+基本满意) / counted ratings, in percent; None with no ratings."""
        return round(100 * self.satisfied / self.ratings, 1) if self.ratings else None


@dataclass
class MonthSummary:
    year: int
    month: int
    rows: list = field(default_factory=list)
    set_aside_reasons: dict = field(default_factory=dict)

    def total(self, attr):
        return sum(getattr(row, attr) for row in self.rows)

    @property
    def totals(self):
        """The 合计 row: every count summed over the departments."""
        counts = ("ratings", "satisfied", "bad", "set_aside", "rectified", "rectified_on_time", "rectifying")
        return DepartmentMonth("合计", **{name: self.total(name) for name in counts})


def _ratings_in(year, month):
    start, end = month_bounds(year, month)
    tz = timezone.get_current_timezone()
    return Rating.objects.filter(
        created_at__gte=datetime.combine(start, time.min, tz), created_at__lt=datetime.combine(end, time.min, tz),
    )


def month_summary(year, month):
    """Counts per department for ratings given in the month, and their rectifications."""
    ratings = _ratings_in(year, month)
    counted = Q(status=RatingStatus.COUNTED)
    per_department = (
        ratings.values("department_id", "department__name")
        .annotate(
            n=Count("pk", filter=counted),
            good=Count("pk", filter=counted & Q(overall__in=SATISFIED_GRADES)),
            bad=Count("pk", filter=counted & Q(overall__in=BAD_GRADES)),
            aside=Count("pk", filter=Q(status=RatingStatus.SET_ASIDE)),
        )
        .order_by("department__name")
    )
    rows = {}
    for r in per_department:
        rows[r["department_id"]] = DepartmentMonth(
            department=r["department__name"], ratings=r["n"], satisfied=r["good"], bad=r["bad"], set_aside=r["aside"],
        )
    rectifications = Rectification.objects.filter(rating__in=ratings).exclude(status=RectificationStatus.SET_ASIDE)
    for rect in rectifications.only("department_id", "status", "rectified_at", "due_date"):
        row = rows[rect.department_id]
        if rect.status == RectificationStatus.RECTIFIED:
            row.rectified += 1
            row.rectified_on_time += rect.rectified_on_time
        else:
            row.rectifying += 1
    reasons = dict(
        ratings.filter(status=RatingStatus.SET_ASIDE).values_list("set_aside_reason").annotate(n=Count("pk")).order_by()
    )
    labelled = {AppealReason(k).label if k in AppealReason.values else k: v for k, v in reasons.items()}
    return MonthSummary(year=year, month=month, rows=list(rows.values()), set_aside_reasons=labelled)


def months_with_ratings(limit=12):
    """(year, month) pairs that have ratings, newest first."""
    dates = Rating.objects.dates("created_at", "month", order="DESC")[:limit]
    return [(d.year, d.month) for d in dates]
