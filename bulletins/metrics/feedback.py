"""好差评 and letters sources (docs/domain.md "## 好差评", "## 投诉与信件", "## 每月运行情况通报").

Registered only when the ratings and letters apps are installed; each reads its own tables with
grouped aggregates, like the case source.
"""

from django.apps import apps
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from .registry import Source, count, rate, register


def _rows(queryset, department, item, window, **aggregates):
    fields = {"g_d": F(department), "g_i": F(item) if item else None, "g_w": window}
    fields = {k: v for k, v in fields.items() if v is not None}
    for row in queryset.annotate(**fields).values(*fields).annotate(**aggregates).order_by():
        yield row.pop("g_d"), row.pop("g_i", None), row.pop("g_w", None) or None, {k: v or 0 for k, v in row.items()}


def _rated_window(prefix):
    """The halls.Window a rating is about: its case's window, else the hall window by number."""
    from halls.models import Window

    by_number = Subquery(Window.objects.filter(number=OuterRef(f"{prefix}window")).order_by("pk").values("pk")[:1])
    return Coalesce(F(f"{prefix}case__window_id"), by_number)


class RatingSource(Source):
    key = "ratings"
    label = "好差评"
    records_windows = True
    metrics = (
        count("ratings", "评价数", "本月收到并计入统计的评价数（网上一事一评与大厅一次一评合计；申诉成立不计入的除外）。", "ratings"),
        rate("satisfaction_rate", "满意率", "（非常满意 + 满意 + 基本满意）÷ 本月计入统计的评价数 × 100%。", "ratings", "satisfied", "ratings"),
        count("bad_ratings", "差评数", "本月计入统计的评价中“不满意”“非常不满意”的件数。", "ratings", higher_is_better=False),
        rate("rectified_on_time_rate", "差评按期整改率", "整改期限在本月（当月为截至统计日）的差评整改中，在期限内完成整改的件数 ÷ 该类整改件数 × 100%（申诉成立无需整改的除外）。",
             "ratings", "rectified_on_time", "rectifications_due"),
    )

    def available(self):
        return apps.is_installed("ratings")

    def rows(self, month, as_of):
        from ratings.models import (
            BAD_GRADES,
            SATISFIED_GRADES,
            Rating,
            RatingStatus,
            Rectification,
            RectificationStatus,
        )

        counted = Rating.objects.filter(created_at__gte=month.start_at, created_at__lt=month.end_at, status=RatingStatus.COUNTED)
        yield from _rows(
            counted, "department_id", "item_id", _rated_window(""),
            ratings=Count("pk"),
            satisfied=Count("pk", filter=Q(overall__in=SATISFIED_GRADES)),
            bad_ratings=Count("pk", filter=Q(overall__in=BAD_GRADES)),
        )
        due = Rectification.objects.filter(due_date__gte=month.first_day, due_date__lte=as_of).exclude(
            status=RectificationStatus.SET_ASIDE
        ).annotate(done_on=TruncDate("rectified_at", tzinfo=timezone.get_current_timezone()))
        yield from _rows(
            due, "department_id", "rating__item_id", _rated_window("rating__"),
            rectifications_due=Count("pk"),
            rectified_on_time=Count("pk", filter=Q(status=RectificationStatus.RECTIFIED, done_on__lte=F("due_date"))),
        )


class LetterSource(Source):
    key = "letters"
    label = "投诉咨询"
    metrics = (
        count("letters_received", "来信总数", "本月登记的投诉、咨询、建议、举报信件数（各渠道合计）。", "letters"),
        rate("letters_on_time_rate", "信件按期答复率", "本月登记的信件中，在答复期限内首次答复的件数 ÷（已答复或已到答复期限的件数）× 100%。",
             "letters", "letters_on_time", "letters_due"),
        count("complaints_received", "投诉受理数", "本月登记的投诉件数。", "letters", higher_is_better=False),
        count("complaints_substantiated", "投诉属实数", "本月登记的投诉中经调查认定属实或部分属实的件数。", "letters", higher_is_better=False),
        count("complaints_answered_on_time", "投诉按期答复数", "本月登记的投诉中，在答复期限内首次答复的件数。", "letters"),
        rate("complaints_on_time_rate", "投诉按期答复率", "投诉按期答复数 ÷ 本月登记的投诉中已答复或已到答复期限的件数 × 100%。",
             "letters", "complaints_answered_on_time", "complaints_due"),
    )

    def available(self):
        return apps.is_installed("letters")

    def rows(self, month, as_of):
        from letters.models import Finding, Letter, LetterType

        received = Letter.objects.filter(received_on__gte=month.first_day, received_on__lte=month.last_day)
        complaint = Q(letter_type=LetterType.COMPLAINT)
        due = Q(first_replied_on__isnull=False) | Q(due_date__lt=as_of)
        yield from _rows(
            received, "department_id", "related_item_id", None,
            letters_received=Count("pk"),
            letters_on_time=Count("pk", filter=Q(answered_on_time=True)),
            letters_due=Count("pk", filter=due),
            complaints_received=Count("pk", filter=complaint),
            complaints_substantiated=Count("pk", filter=complaint & Q(finding__in=(Finding.SUBSTANTIATED, Finding.PARTLY))),
            complaints_answered_on_time=Count("pk", filter=complaint & Q(answered_on_time=True)),
            complaints_due=Count("pk", filter=complaint & due),
        )


register(RatingSource())
register(LetterSource())
