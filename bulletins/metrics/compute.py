"""Compute a month's figures: run every active source's grouped queries once, then add the
group rows (a few hundred, never one per case) up to the total, departments, windows and items,
and derive each metric from the summed counts."""

from collections import defaultdict
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone

from guides.models import Department, ServiceItemPage

from .. import numbering
from . import cases, feedback, visits  # noqa: F401  (register their sources)
from .pending import pending_keys
from .registry import active_sources, all_sources, metrics

TOTAL = "total"


def _add(target, counts):
    for name, value in counts.items():
        target[name] = target.get(name, 0) + (value or 0)


@contextmanager
def _without_jit():
    """PostgreSQL only: no JIT compilation for the month's queries. Each reads a few ten thousand
    rows in well under a second, but the working-day ordinal subqueries inflate the planner's cost
    estimates past jit_above_cost, and compiling them took 1–4 s per query (EXPLAIN ANALYZE on the
    1,000,000-case benchmark): far more than running them. SET LOCAL ends with the transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def collect_counts(month, today=None):
    """{"total": counts, "departments": {id: counts}, "items": {...}, "windows": {...}}."""
    numbering.ensure_current(until=month.last_day)
    as_of = month.as_of(today)
    out = {TOTAL: {}, "departments": defaultdict(dict), "items": defaultdict(dict), "windows": defaultdict(dict)}
    with _without_jit():
        for source in active_sources():
            _add_rows(out, source.rows(month, as_of))
    return out


def _add_rows(out, rows):
    for department_id, item_id, window_id, counts in rows:
        _add(out[TOTAL], counts)
        if department_id is not None:
            _add(out["departments"][department_id], counts)
        if item_id is not None:
            _add(out["items"][item_id], counts)
        if window_id is not None:
            _add(out["windows"][window_id], counts)


def values(counts, metric_list):
    return {m.key: m.value(counts) for m in metric_list}


def month_figures(month, today=None):
    """Every active metric for the total and each department, item and window of one month."""
    metric_list = metrics()
    counts = collect_counts(month, today)
    return {
        TOTAL: values(counts[TOTAL], metric_list),
        "departments": {k: values(c, metric_list) for k, c in counts["departments"].items()},
        "items": {k: values(c, metric_list) for k, c in counts["items"].items()},
        "windows": {k: values(c, metric_list) for k, c in counts["windows"].items()},
        "as_of": month.as_of(today),
    }


def metric_catalogue():
    """What the snapshot says about its metrics: definitions as they stood when it was computed."""
    return [
        {"key": m.key, "label": m.label, "unit": m.unit, "definition": m.definition, "source": m.source, "kind": m.kind,
         "higher_is_better": m.higher_is_better}
        for m in metrics()
    ]


def source_status():
    active = {s.key for s in active_sources()}
    return {
        "active": [{"key": s.key, "label": s.label, "windows": s.records_windows} for s in all_sources() if s.key in active],
        "pending": pending_keys(),
    }


def _empty(metric_list):
    return values({}, metric_list)


def group_rows(kind, periods, names, metric_list):
    """One row per group known in any period, in `names` order: {"id", "name", ..., period: values}."""
    rows = []
    for key, meta in names.items():
        row = {"id": key, **meta}
        for label, figures in periods.items():
            row[label] = figures[kind].get(key) or _empty(metric_list)
        rows.append(row)
    return rows


def department_names():
    return {
        d.pk: {"code": d.code, "name": d.name, "short_name": d.display_name}
        for d in Department.objects.order_by("sort_order", "name")
    }


def item_names(ids):
    items = ServiceItemPage.objects.filter(pk__in=ids).select_related("department").order_by("department__sort_order", "item_code")
    return {i.pk: {"code": i.item_code, "name": i.title, "department": i.department.display_name} for i in items}


def snapshot_time():
    return timezone.localtime().isoformat(timespec="seconds")
