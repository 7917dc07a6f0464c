"""The request tables of the annual report (政府信息公开工作年度报告, tables 三 and 四), computed
from the recorded requests (docs/domain.md § 依申请公开).

Table 三 counts, per requester type: requests received this year; carried over from last year
(received before 1 January and not answered by then); results of those answered this year, by
kind and reason; and those still unanswered on 31 December (结转下年度继续办理). Table 四 counts
the reviews and lawsuits filed this year by result.
"""

from datetime import date

from django.db.models import Q

from .choices import REPLY_REASONS, ReplyKind, RequesterType, ReviewKind, ReviewResult
from .models import InfoRequest, InfoRequestReview

COLUMNS = [value for value, _ in RequesterType.choices]


def _row(requests):
    counts = dict.fromkeys(COLUMNS, 0)
    for requester_type in requests:
        counts[requester_type] += 1
    counts["total"] = sum(counts[c] for c in COLUMNS)
    return counts


def request_table(year):
    start, end = date(year, 1, 1), date(year, 12, 31)
    types = lambda qs: qs.values_list("requester_type", flat=True)  # noqa: E731
    received = InfoRequest.objects.filter(received_on__range=(start, end))
    carried_in = InfoRequest.objects.filter(received_on__lt=start).filter(Q(answered_on__isnull=True) | Q(answered_on__gte=start))
    answered = InfoRequest.objects.filter(answered_on__range=(start, end))
    carried_out = InfoRequest.objects.filter(received_on__lte=end).filter(Q(answered_on__isnull=True) | Q(answered_on__gt=end))
    results = []
    for kind, label in ReplyKind.choices:
        of_kind = answered.filter(reply_kind=kind)
        reasons = [{"code": code, "label": reason, "counts": _row(types(of_kind.filter(reply_reason=code)))}
                   for code, reason in REPLY_REASONS.get(ReplyKind(kind), [])]
        results.append({"kind": kind, "label": label, "counts": _row(types(of_kind)), "reasons": reasons})
    return {
        "columns": [{"code": c, "label": RequesterType(c).label} for c in COLUMNS],
        "received": _row(types(received)),
        "carried_in": _row(types(carried_in)),
        "results": results,
        "answered_total": _row(types(answered)),
        "carried_out": _row(types(carried_out)),
    }


def review_table(year):
    filed = InfoRequestReview.objects.filter(filed_on__year=year)
    table = []
    for kind, label in ReviewKind.choices:
        of_kind = filed.filter(kind=kind)
        counts = {result: of_kind.filter(result=result).count() for result in ReviewResult.values}
        counts["total"] = of_kind.count()
        table.append({"kind": kind, "label": label, "counts": counts})
    return {"results": [{"code": r, "label": ReviewResult(r).label} for r in ReviewResult.values], "rows": table}


def annual_statistics(year):
    return {"year": year, "requests": request_table(year), "reviews": review_table(year)}
