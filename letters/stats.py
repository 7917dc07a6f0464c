"""Letter statistics for the public page (信件公开) and the monthly bulletin.

letter_figures(queryset) → received, replied, answered on time, average reply working days,
satisfaction with replies, complaints received/substantiated. Letters are counted in the month
they were received (received_on).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Q

from .models import Feedback, Finding, Letter, LetterType


@dataclass(frozen=True)
class LetterFigures:
    received: int
    replied: int
    answered_on_time: int
    average_reply_days: float | None
    satisfied: int
    dissatisfied: int
    complaints: int
    complaints_substantiated: int
    complaints_answered_on_time: int

    @property
    def on_time_rate(self):
        return round(100 * self.answered_on_time / self.replied, 1) if self.replied else None

    @property
    def satisfaction_rate(self):
        rated = self.satisfied + self.dissatisfied
        return round(100 * self.satisfied / rated, 1) if rated else None


def letter_figures(queryset=None):
    qs = Letter.objects.all() if queryset is None else queryset
    complaint = Q(letter_type=LetterType.COMPLAINT)
    row = qs.aggregate(
        received=Count("pk"),
        replied=Count("pk", filter=Q(first_replied_on__isnull=False)),
        on_time=Count("pk", filter=Q(answered_on_time=True)),
        avg_days=Avg("reply_working_days"),
        satisfied=Count("pk", filter=Q(feedback=Feedback.SATISFIED)),
        dissatisfied=Count("pk", filter=Q(feedback=Feedback.DISSATISFIED)),
        complaints=Count("pk", filter=complaint),
        substantiated=Count("pk", filter=complaint & Q(finding__in=(Finding.SUBSTANTIATED, Finding.PARTLY))),
        complaints_on_time=Count("pk", filter=complaint & Q(answered_on_time=True)),
    )
    return LetterFigures(
        received=row["received"], replied=row["replied"], answered_on_time=row["on_time"],
        average_reply_days=round(row["avg_days"], 1) if row["avg_days"] is not None else None,
        satisfied=row["satisfied"], dissatisfied=row["dissatisfied"], complaints=row["complaints"],
        complaints_substantiated=row["substantiated"], complaints_answered_on_time=row["complaints_on_time"],
    )


def month_figures(year, month):
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return letter_figures(Letter.objects.filter(received_on__gte=start, received_on__lt=end))
