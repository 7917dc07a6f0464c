"""预约取号 metrics against hand-computed figures (builders.november_2025_visits).

Bookings with a November slot: A 5 Nov checked in, A 6 Nov no-show, A 7 Nov cancelled (not
counted), B 10 Nov checked in, B 28 Nov still "booked" (counted, not settled); A 20 Oct no-show and
A 1 Dec booked belong to other months.
→ November: 4 bookings; settled 3 (2 checked in + 1 no-show) → 爽约率 1 ÷ 3 = 33.3 %.
  A: 2 bookings, 1 no-show of 2 settled = 50.0 %; B: 2 bookings, 0 of 1 = 0.0 %.
Tickets in November: A 300 s and 900 s (window A01), B 120 s and one not called yet (B01).
→ 4 tickets; 3 called, (300 + 900 + 120) s ÷ 3 = 440 s = 7.3 min. A: 600 s = 10.0 min; B: 2.0 min.
October: 1 booking (no-show, 100.0 %), 1 ticket of 600 s (10.0 min).
"""

from datetime import date

import pytest

from bulletins.metrics.compute import month_figures
from bulletins.metrics.pending import pending_keys
from bulletins.metrics.periods import Month
from bulletins.metrics.registry import metric_map
from bulletins.metrics.snapshot import build_snapshot

from . import builders

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 15)
NOV = Month(2025, 11)
VISIT_KEYS = ("bookings", "no_show_rate", "tickets", "avg_wait_minutes")


@pytest.fixture
def fixture(structure):
    fx = builders.november_2025()
    builders.november_2025_visits(fx)
    return fx


def _visits(figures):
    return tuple(figures[key] for key in VISIT_KEYS)


def test_visit_totals(fixture):
    assert _visits(month_figures(NOV, today=TODAY)["total"]) == (4, 33.3, 4, 7.3)


def test_per_department_window_and_item(fixture):
    figures = month_figures(NOV, today=TODAY)
    assert _visits(figures["departments"][fixture["a"].pk]) == (2, 50.0, 2, 10.0)
    assert _visits(figures["departments"][fixture["b"].pk]) == (2, 0.0, 2, 2.0)
    wa, wb = fixture["windows"]
    assert figures["windows"][wa.pk]["avg_wait_minutes"] == 10.0
    assert figures["windows"][wb.pk]["avg_wait_minutes"] == 2.0
    a1, a2, b1 = fixture["items"]
    assert (figures["items"][a1.pk]["bookings"], figures["items"][a2.pk]["no_show_rate"]) == (1, 100.0)
    assert figures["items"][b1.pk]["tickets"] == 2


def test_previous_month_and_empty_year(fixture):
    snapshot = build_snapshot(NOV, today=TODAY)
    assert _visits(snapshot["total"]["previous"]) == (1, 100.0, 1, 10.0)
    # No bookings or tickets in November 2024: counts 0, rate and average "—".
    assert _visits(snapshot["total"]["last_year"]) == (0, None, 0, None)


def test_definitions_published_and_no_longer_missing(fixture):
    known = metric_map()
    assert "爽约" in known["no_show_rate"].definition and "首次叫号" in known["avg_wait_minutes"].definition
    assert not any(key in VISIT_KEYS for entry in pending_keys() for key in entry["keys"])
    snapshot = build_snapshot(NOV, today=TODAY)
    catalogue = {m["key"]: m for m in snapshot["metrics"]}
    assert catalogue["avg_wait_minutes"]["unit"] == "分钟"
    assert catalogue["bookings"]["definition"] == known["bookings"].definition
