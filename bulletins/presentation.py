"""Turn a stored snapshot into what the page, the downloads and the API show: one formatting
rule for all of them, so the CSV, the XLSX, the JSON and the page always agree."""

from .metrics.registry import RATE

DASH = "—"
HEADLINE = ("submitted", "closed", "immediate_rate", "on_time_rate", "early_rate", "overdue", "online_rate",
            "satisfaction_rate", "bad_ratings", "complaints_received", "letters_on_time_rate")
TABLE_COLUMNS = ("submitted", "accepted", "closed", "rejected", "immediate_rate", "on_time_rate", "early_rate",
                 "overdue", "avg_handling_days", "stopped_days", "online_rate", "bookings", "no_show_rate", "avg_wait_minutes",
                 "satisfaction_rate", "bad_ratings", "complaints_received", "letters_on_time_rate")
ITEM_COLUMNS = ("submitted", "closed", "immediate_rate", "on_time_rate", "overdue", "avg_handling_days", "online_rate")
PERIOD_LABELS = {"current": "本月", "previous": "上月", "last_year": "上年同月"}


def format_value(metric, value):
    """The text shown for a value: "—" when there is nothing to divide by."""
    if value is None:
        return DASH
    if metric["kind"] == RATE:
        return f"{value:.1f}%"
    if isinstance(value, float):
        return f"{value:.1f}"
    return f"{value:,}"


def metric_index(snapshot):
    return {m["key"]: m for m in snapshot["metrics"]}


def columns(snapshot, keys):
    known = metric_index(snapshot)
    return [known[k] for k in keys if k in known]


def window_keys(snapshot, keys):
    """Of `keys`, the metrics whose source records windows (others would be blank per window)."""
    sources = {s["key"] for s in snapshot["sources"]["active"] if s.get("windows")}
    known = metric_index(snapshot)
    return [k for k in keys if k in known and known[k]["source"] in sources]


def change(metric, current, previous):
    """"↑ 2.0" / "↓ 1.5" / "持平" against an earlier figure, or "" when either is missing."""
    if current is None or previous is None:
        return ""
    diff = current - previous
    if diff == 0:
        return "持平"
    arrow = "↑" if diff > 0 else "↓"
    unit = "个百分点" if metric["kind"] == RATE else metric["unit"]
    amount = f"{abs(diff):.1f}" if isinstance(diff, float) else f"{abs(diff):,}"
    return f"{arrow} {amount}{unit}"


def summary_rows(snapshot, keys=None):
    """Every metric (or those in `keys`) with this month, last month, same month last year."""
    total = snapshot["total"]
    rows = []
    for metric in snapshot["metrics"] if keys is None else columns(snapshot, keys):
        key = metric["key"]
        current, previous, last_year = (total.get(p, {}).get(key) for p in ("current", "previous", "last_year"))
        rows.append({
            "metric": metric,
            "current": format_value(metric, current),
            "previous": format_value(metric, previous),
            "last_year": format_value(metric, last_year),
            "vs_previous": change(metric, current, previous),
            "vs_last_year": change(metric, current, last_year),
        })
    return rows


def group_table(snapshot, groups, keys, period="current"):
    cols = columns(snapshot, keys)
    rows = [
        {"name": g.get("short_name") or g["name"], "full_name": g["name"], "code": g.get("code", ""),
         "department": g.get("department", ""),
         "score": DASH if g[period].get("composite_score") is None else f"{g[period]['composite_score']:.1f}",
         "cells": [format_value(m, g[period].get(m["key"])) for m in cols]}
        for g in groups
    ]
    return {"columns": cols, "rows": rows}
