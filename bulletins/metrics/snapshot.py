"""The frozen snapshot a bulletin stores: this month, last month and the same month last year,
for the total and every department, window and item, plus rankings and the best windows."""

from .compute import (
    department_names,
    group_rows,
    item_names,
    metric_catalogue,
    month_figures,
    snapshot_time,
    source_status,
)
from .registry import metrics
from .scoring import best_windows, rankings, window_names

PERIODS = ("current", "previous", "last_year")
SNAPSHOT_VERSION = 1


def build_snapshot(month, today=None):
    metric_list = metrics()
    months = {"current": month, "previous": month.previous(), "last_year": month.same_month_last_year()}
    figures = {label: month_figures(m, today) for label, m in months.items()}
    item_ids = set().union(*(f["items"] for f in figures.values()))
    window_ids = set().union(*(f["windows"] for f in figures.values()))
    departments = group_rows("departments", figures, department_names(), metric_list)
    windows = group_rows("windows", figures, window_names(window_ids), metric_list)
    return {
        "version": SNAPSHOT_VERSION,
        "month": str(month),
        "label": month.label,
        "periods": {label: {"month": str(m), "label": m.label} for label, m in months.items()},
        "as_of": figures["current"]["as_of"].isoformat(),
        "computed_at": snapshot_time(),
        "metrics": metric_catalogue(),
        "sources": source_status(),
        "total": {label: figures[label]["total"] for label in PERIODS},
        "departments": departments,
        "windows": windows,
        "items": group_rows("items", figures, item_names(item_ids), metric_list),
        "rankings": rankings(departments, windows),
        "best_windows": best_windows(windows),
    }
