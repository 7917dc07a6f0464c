"""The case source: every case, online and window alike (docs/domain.md, 每月运行情况通报).

A fixed set of grouped aggregate queries per month (closings, submissions, acceptances,
rejections, open 超期件 in two parts, clock stops), each restricted to the month's rows by an
indexed date range and grouped by (department, item, window), most answered from a covering index. The case core stores the local dates, whether a case closed late and the working
days it used (stopped time excluded); the remaining working-day spans (days overdue, stopped days
inside the month) are differences of WorkdayNumber ordinals joined in the same query, never a
Python loop over cases.
"""

from datetime import timedelta

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from casework.models import Case, CaseStatus, CaseTransition, Channel, ClockStop
from guides.models import ProcessingKind

from ..models import WorkdayNumber
from .registry import Source, average, count, rate, register

SOURCE = "cases"
IMMEDIATE = Q(processing_kind=ProcessingKind.IMMEDIATE)
# 承诺件 in the bulletin's sense: every case that runs against a promised deadline of at least one
# working day, i.e. every kind but 即办件 (a real centre's 即办件 + 承诺件 add up to all its cases).
PROMISED = ~IMMEDIATE & Q(promised_limit_days__gt=0)
OPEN_RUNNING = (CaseStatus.ACCEPTED, CaseStatus.FORWARDED)

# The group keys of every row: department, item and the window (halls.Window) that handled it.
CASE_GROUP = {"department_id": "department_id", "item_id": "item_id", "window_id": "window_id"}


def ordinal_of(date_expression):
    """The WorkdayNumber ordinal of a date column or annotation of the outer query."""
    return Subquery(WorkdayNumber.objects.filter(date=OuterRef(date_expression)).values("ordinal")[:1])


def ordinal_on(day):
    return WorkdayNumber.objects.filter(date=day).values_list("ordinal", flat=True).first() or 0


def _group(queryset, prefix="", **aggregates):
    fields = {f"g_{name}": F(prefix + path) for name, path in CASE_GROUP.items()}
    for row in queryset.annotate(**fields).values(*fields).annotate(**aggregates).order_by():
        yield (
            row.pop("g_department_id"),
            row.pop("g_item_id"),
            row.pop("g_window_id"),
            {k: v or 0 for k, v in row.items()},
        )


def _in_month(field, month):
    return Q(**{f"{field}__gte": month.first_day, f"{field}__lte": month.last_day})


def _closings(month):
    """Cases closed in the month. Like the submissions and acceptances below, one query over the
    month's rows only, every column it reads held by one covering index (case_closed_on), so the
    database answers it from the index without visiting the case rows; the counts count the
    (non-null) date column rather than the id for the same reason. The ordinals of a late closing are looked up only for late rows
    (FILTER / CASE evaluate lazily)."""
    qs = Case.objects.filter(_in_month("closed_on", month), status=CaseStatus.CLOSED)
    qs = qs.annotate(
        saved_x10=(F("promised_limit_days") - F("working_days_used")) * 10,
        late_days=ordinal_of("closed_on") - ordinal_of("due_date"),
    )
    late = Q(closed_late=True)
    band = PROMISED & Q(closed_on__lt=F("due_date"))
    return _group(
        qs,
        closed=Count("closed_on"),
        immediate_closed=Count("closed_on", filter=IMMEDIATE),
        promised_closed=Count("closed_on", filter=PROMISED),
        on_time=Count("closed_on", filter=PROMISED & ~late),
        early=Count("closed_on", filter=band),
        early_50=Count("closed_on", filter=band & Q(saved_x10__gte=F("promised_limit_days") * 5)),
        early_30=Count("closed_on", filter=band & Q(saved_x10__gte=F("promised_limit_days") * 3, saved_x10__lt=F("promised_limit_days") * 5)),
        early_20=Count("closed_on", filter=band & Q(saved_x10__gte=F("promised_limit_days") * 2, saved_x10__lt=F("promised_limit_days") * 3)),
        late_closed=Count("closed_on", filter=late),
        late_closed_days=Sum("late_days", filter=late),
        handled=Count("working_days_used"),
        handling_days=Sum("working_days_used"),
    )


def _submissions(month):
    qs = Case.objects.filter(_in_month("submitted_on", month))
    online = Q(channel=Channel.ONLINE)
    reviewed = Q(pre_reviewed_at__isnull=False) | Q(correction_rounds__gt=0) | Q(status=CaseStatus.REJECTED)
    return _group(
        qs,
        submitted=Count("submitted_on"),
        online_submitted=Count("submitted_on", filter=online),
        online_reviewed=Count("submitted_on", filter=online & reviewed),
        first_pass=Count("submitted_on", filter=online & Q(pre_reviewed_at__isnull=False, correction_rounds=0)),
        corrections=Sum("correction_rounds", filter=online),
    )


def _acceptances(month):
    return _group(Case.objects.filter(_in_month("acceptance_date", month)), accepted=Count("acceptance_date"))


def _rejections(month):
    qs = CaseTransition.objects.filter(action="reject", at__gte=month.start_at, at__lt=month.end_at)
    return _group(qs, prefix="case__", rejected=Count("case_id", distinct=True))


def _open_overdue(month, as_of):
    """Cases accepted and still open at the end of `as_of` whose deadline had passed by then:
    those open now, and those closed since. A case closed after `as_of` whose deadline had passed
    by then necessarily closed late (closed_late = closed_on > due_date, set at closing), so the
    second query reads only the late closings (a partial index) instead of every case closed
    since `as_of`. Two queries, each served by its own covering partial index."""
    days = Value(ordinal_on(as_of)) - ordinal_of("due_date")
    passed = Q(acceptance_date__lte=as_of, due_date__lt=as_of)
    for still_open in (Q(status__in=OPEN_RUNNING), Q(closed_late=True, closed_on__gt=as_of)):
        qs = Case.objects.filter(still_open & passed)
        yield from _group(qs, open_overdue=Count("*"), open_overdue_days=Sum(days, output_field=IntegerField()))


def _case_field(name):
    return Subquery(Case.objects.filter(pk=OuterRef("case_id")).order_by().values(name)[:1])


def _stops(month, as_of):
    """Working days of stopped clock that fell inside the month (a stop counts d with start < d <= end).

    The stop's department, item and window are looked up per matching stop (a few thousand primary
    key reads) rather than joined: the planner cannot tell how few stops overlap the month (start
    before its end AND end after its start) and otherwise hash-joins every case."""
    before_month = month.first_day - timedelta(days=1)
    qs = ClockStop.objects.filter(started_on__lt=as_of).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=before_month))
    qs = qs.annotate(
        span_from=Greatest("started_on", Value(before_month)),
        span_to=Least(Coalesce("ended_on", Value(as_of)), Value(as_of)),
    )
    qs = qs.annotate(in_month=ordinal_of("span_to") - ordinal_of("span_from")).filter(in_month__gt=0)
    qs = qs.annotate(**{f"g_{name}": _case_field(name) for name in CASE_GROUP})
    for row in qs.values(*(f"g_{name}" for name in CASE_GROUP)).annotate(
        stopped_cases=Count("case_id", distinct=True), stopped_days=Sum("in_month"),
    ).order_by():
        yield row.pop("g_department_id"), row.pop("g_item_id"), row.pop("g_window_id"), {k: v or 0 for k, v in row.items()}


class CaseSource(Source):
    key = SOURCE
    label = "办件"
    records_windows = True
    metrics = (
        count("submitted", "收件量", "本月首次提交（网上申报提交或窗口收件登记）的办件数，网上与窗口合计。", SOURCE),
        count("accepted", "受理量", "本月出具受理通知书（受理时间在本月）的办件数。", SOURCE),
        count("closed", "办结量", "本月办结（办结时间在本月）的办件数，不论何时收件、受理。", SOURCE),
        count("rejected", "不予受理数", "本月出具不予受理告知书的办件数。", SOURCE, higher_is_better=False),
        count("immediate_closed", "即办件数", "本月办结的办件中，办件类型为即办件的件数。", SOURCE),
        rate("immediate_rate", "即办件率", "即办件数 ÷ 办结量 × 100%（按本月办结件计算）。", SOURCE, "immediate_closed", "closed"),
        count("promised_closed", "承诺件数", "本月办结的办件中，承诺办结时限至少 1 个工作日的件数（即办件以外的承诺件、联办件、报批件、答复件）。", SOURCE),
        rate("on_time_rate", "按时办结率", "承诺期内办结（办结日期不晚于承诺办结日期，暂停计时顺延）的承诺件数 ÷ 承诺件数 × 100%。", SOURCE, "on_time", "promised_closed"),
        rate("early_rate", "提前办结率", "办结日期早于承诺办结日期的承诺件数 ÷ 承诺件数 × 100%。", SOURCE, "early", "promised_closed"),
        rate("early_50_rate", "提前50%以上办结率", "提前办结且节省承诺时限 ≥ 50%（节省 =（承诺时限 − 实际用时）÷ 承诺时限）的承诺件数 ÷ 承诺件数 × 100%。", SOURCE, "early_50", "promised_closed"),
        rate("early_30_rate", "提前30%–50%办结率", "提前办结且节省承诺时限 ≥ 30%、< 50% 的承诺件数 ÷ 承诺件数 × 100%。", SOURCE, "early_30", "promised_closed"),
        rate("early_20_rate", "提前20%–30%办结率", "提前办结且节省承诺时限 ≥ 20%、< 30% 的承诺件数 ÷ 承诺件数 × 100%。", SOURCE, "early_20", "promised_closed"),
        count("overdue", "超期件数", "本月超过承诺办结日期办结的件数，加上到月末（当月为统计日）仍未办结且已过承诺办结日期的件数（暂停计时中的件不计）。", SOURCE, parts=("late_closed", "open_overdue"), higher_is_better=False),
        count("overdue_days", "超期总天数", "上述超期件超过承诺办结日期的工作日数之和（已办结的算至办结日，未办结的算至月末或统计日）。", SOURCE, parts=("late_closed_days", "open_overdue_days"), unit="个工作日", higher_is_better=False),
        average("avg_handling_days", "平均办理时长", "本月办结件从受理到办结所用工作日（扣除暂停计时）的平均值。", SOURCE, "handling_days", "handled", unit="个工作日"),
        count("stopped_cases", "暂停计时件数", "本月内有暂停计时的办件数（不论暂停何时开始）。", SOURCE, higher_is_better=False),
        count("stopped_days", "暂停计时总天数", "本月内落在暂停计时期间的工作日数之和（各件相加）。", SOURCE, unit="个工作日", higher_is_better=False),
        rate("online_rate", "网办率", "本月收件中网上申报的件数 ÷ 收件量 × 100%。", SOURCE, "online_submitted", "submitted"),
        rate("first_pass_rate", "预审一次通过率", "本月网上申报的收件中，未经补正即预审通过的件数 ÷ 已完成预审（通过、告知补正或不予受理）的件数 × 100%。", SOURCE, "first_pass", "online_reviewed"),
        average("avg_corrections", "平均补正次数", "本月网上申报收件的补正告知次数之和 ÷ 网上申报收件数。", SOURCE, "corrections", "online_submitted", unit="次"),
    )

    def window_names(self, ids):
        from halls.models import Window

        windows = Window.objects.filter(pk__in=[i for i in ids if isinstance(i, int)]).select_related("hall", "department")
        return {w.pk: {"code": w.number, "name": f"{w.number} {w.name}".strip(), "department": w.department.display_name if w.department_id else ""}
                for w in windows}

    def rows(self, month, as_of):
        yield from _closings(month)
        yield from _submissions(month)
        yield from _acceptances(month)
        yield from _rejections(month)
        yield from _open_overdue(month, as_of)
        yield from _stops(month, as_of)


register(CaseSource())
