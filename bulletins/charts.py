"""Server-side SVG charts: no JavaScript, readable by screen readers (role="img" with a title and
a description that states every value), and always shown beside a table of the same data."""

import itertools
from html import escape

from django.utils.safestring import mark_safe

_ids = itertools.count(1)
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 22, 10, 150, 640


def _fmt(value, unit):
    if value is None:
        return "—"
    text = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
    return f"{text}{unit}"


def _open(title, description, width, height):
    n = next(_ids)
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-{n}-t chart-{n}-d" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
        f'<title id="chart-{n}-t">{escape(title)}</title><desc id="chart-{n}-d">{escape(description)}</desc>'
    )


def bar_chart(title, rows, unit="", max_value=None):
    """Horizontal bars, one per (label, value); a None value is drawn as "—" with no bar."""
    rows = list(rows)
    top = max([v for _, v in rows if v is not None] + [max_value or 0, 1])
    height = len(rows) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    plot = CHART_WIDTH - LABEL_WIDTH - 90
    description = "；".join(f"{label}：{_fmt(v, unit)}" for label, v in rows)
    parts = [_open(title, description, CHART_WIDTH, height)]
    for i, (label, value) in enumerate(rows):
        y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP)
        short = label if len(label) <= 9 else label[:8] + "…"
        parts.append(f'<text class="chart__label" x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">{escape(short)}</text>')
        w = 0 if value is None else max(1, round(plot * value / top))
        if value is not None:
            parts.append(f'<rect class="chart__bar" x="{LABEL_WIDTH}" y="{y}" width="{w}" height="{BAR_HEIGHT}"/>')
        parts.append(f'<text class="chart__value" x="{LABEL_WIDTH + w + 6}" y="{y + 16}">{escape(_fmt(value, unit))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def trend_chart(title, points, unit=""):
    """A line over months; months without a value leave a gap."""
    points = list(points)
    width, height, left, right, top_pad, bottom = CHART_WIDTH, 260, 56, 20, 20, 48
    values = [v for _, v in points if v is not None]
    high = max(values + [1])
    low = min(values + [0])
    span = (high - low) or 1
    step = (width - left - right) / max(1, len(points) - 1)

    def xy(i, v):
        return left + i * step, top_pad + (height - top_pad - bottom) * (1 - (v - low) / span)

    description = "；".join(f"{label}：{_fmt(v, unit)}" for label, v in points)
    parts = [_open(title, description, width, height)]
    base_y = height - bottom
    parts.append(f'<line class="chart__axis" x1="{left}" y1="{base_y}" x2="{width - right}" y2="{base_y}"/>')
    for value in (low, high):
        _, y = xy(0, value)
        parts.append(f'<text class="chart__tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(_fmt(value, unit))}</text>')
    segment = []
    for i, (label, value) in enumerate(points):
        x = left + i * step
        parts.append(f'<text class="chart__tick" x="{x:.1f}" y="{base_y + 18}" text-anchor="middle">{escape(label)}</text>')
        if value is None:
            parts.append(_polyline(segment))
            segment = []
            continue
        px, py = xy(i, value)
        segment.append((px, py))
        parts.append(f'<circle class="chart__dot" cx="{px:.1f}" cy="{py:.1f}" r="4"/>')
    parts.append(_polyline(segment))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _polyline(segment):
    if len(segment) < 2:
        return ""
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
    return f'<polyline class="chart__line" points="{coords}"/>'
