"""Every case metric against figures worked out by hand from builders.november_2025().

November 2025 has no holidays (20 working days); October 2025 has the National Day break
(1–8 October) and a make-up Saturday on 11 October. Hand computation, case by case:

c1  即办件 A  accepted and closed 3 Nov                  used 0
c2  即办件 A  window, accepted 4 Nov, closed 5 Nov        due 4 Nov → closed 1 working day late; used 1
c3  承诺件 A  10 days, accepted 28 Oct, closed 6 Nov      due 11 Nov; used 7 → saved 30 % (band 30–50 %)
c4  承诺件 A  10 days, accepted 3 Nov, stop 10→14 Nov     4 stopped days, due 21 Nov, closed 21 Nov on time; used 10
c5  承诺件 B  5 days, accepted 3 Nov, closed 12 Nov       due 10 Nov → 2 days late; used 7; one correction
c6  承诺件 B  5 days, accepted 17 Nov, still open         due 24 Nov → open overdue by 4 at 30 Nov
c7  B         submitted 20 Nov, rejected 21 Nov           one correction
c8  承诺件 B  5 days, accepted 24 Nov, closed 25 Nov      due 1 Dec; used 1 → saved 80 % (band ≥ 50 %)
c9  承诺件 A  accepted 28 Nov, closed 2 Dec               counts as accepted in November only
c10 即办件 A  October: closed 15 Oct
c11 即办件 A  November 2024
c12 承诺件 B  accepted 20 Oct, stop 27 Oct→4 Nov (6 days, 2 of them in November), due 4 Nov, open
              → open overdue by 18 working days at 30 Nov
"""

from datetime import date

import pytest

from bulletins.metrics.compute import month_figures
from bulletins.metrics.periods import Month
from bulletins.metrics.snapshot import build_snapshot

from . import builders

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 15)
NOV = Month(2025, 11)


@pytest.fixture
def fixture(structure):
    return builders.november_2025()


def test_centre_totals_for_the_month(fixture):
    total = month_figures(NOV, today=TODAY)["total"]
    expected = {
        "submitted": 8, "accepted": 7, "closed": 6, "rejected": 1,
        "immediate_closed": 2, "immediate_rate": 33.3,
        "promised_closed": 4, "on_time_rate": 75.0, "early_rate": 50.0,
        "early_50_rate": 25.0, "early_30_rate": 25.0, "early_20_rate": 0.0,
        "overdue": 4, "overdue_days": 25, "avg_handling_days": 4.3,
        "stopped_cases": 2, "stopped_days": 6,
        "online_rate": 87.5, "first_pass_rate": 71.4, "avg_corrections": 0.3,
    }
    assert {key: total[key] for key in expected} == expected


def test_per_department(fixture):
    departments = month_figures(NOV, today=TODAY)["departments"]
    a, b = departments[fixture["a"].pk], departments[fixture["b"].pk]
    assert (a["submitted"], a["accepted"], a["closed"], a["rejected"]) == (4, 4, 4, 0)
    assert (a["immediate_rate"], a["on_time_rate"], a["early_rate"], a["early_30_rate"]) == (50.0, 100.0, 50.0, 50.0)
    assert (a["overdue"], a["overdue_days"], a["avg_handling_days"]) == (1, 1, 4.5)
    assert (a["stopped_cases"], a["stopped_days"], a["online_rate"], a["first_pass_rate"]) == (1, 4, 75.0, 100.0)
    assert (b["submitted"], b["accepted"], b["closed"], b["rejected"]) == (4, 3, 2, 1)
    assert (b["immediate_rate"], b["on_time_rate"], b["early_rate"], b["early_50_rate"]) == (0.0, 50.0, 50.0, 50.0)
    assert (b["overdue"], b["overdue_days"], b["avg_handling_days"]) == (3, 24, 4.0)
    assert (b["stopped_cases"], b["stopped_days"], b["first_pass_rate"], b["avg_corrections"]) == (1, 2, 50.0, 0.5)


def test_per_window_equals_its_department_here(fixture):
    # Every A case was handled at window A01 and every B case at B01.
    figures = month_figures(NOV, today=TODAY)
    for dept, window in ((fixture["a"], fixture["windows"][0]), (fixture["b"], fixture["windows"][1])):
        by_window, by_dept = figures["windows"][window.pk], figures["departments"][dept.pk]
        assert {k: by_window[k] for k in ("submitted", "closed", "on_time_rate", "overdue", "stopped_days")} == \
            {k: by_dept[k] for k in ("submitted", "closed", "on_time_rate", "overdue", "stopped_days")}


def test_per_item(fixture):
    a1, a2, b1 = fixture["items"]
    items = month_figures(NOV, today=TODAY)["items"]
    assert items[a1.pk]["closed"] == 2 and items[a1.pk]["immediate_rate"] == 100.0
    assert items[a1.pk]["on_time_rate"] is None  # no 承诺件: nothing to divide by
    assert items[a2.pk]["closed"] == 2 and items[a2.pk]["accepted"] == 2 and items[a2.pk]["on_time_rate"] == 100.0
    assert items[b1.pk]["overdue"] == 3


def test_previous_month_and_same_month_last_year(fixture):
    snapshot = build_snapshot(NOV, today=TODAY)
    previous, last_year = snapshot["total"]["previous"], snapshot["total"]["last_year"]
    assert snapshot["periods"]["previous"]["month"] == "2025-10" and snapshot["periods"]["last_year"]["month"] == "2024-11"
    assert (previous["submitted"], previous["accepted"], previous["closed"], previous["immediate_rate"]) == (3, 3, 1, 100.0)
    assert previous["on_time_rate"] is None
    # October's part of c12's stop: 28–31 October (the National Day break is before it).
    assert (previous["stopped_cases"], previous["stopped_days"], previous["overdue"]) == (1, 4, 0)
    assert (last_year["submitted"], last_year["closed"], last_year["immediate_rate"]) == (1, 1, 100.0)


def test_department_with_no_cases_has_zero_counts_and_no_rates(fixture):
    snapshot = build_snapshot(NOV, today=TODAY)
    empty = next(d for d in snapshot["departments"] if d["code"] == "daj")
    assert empty["current"]["closed"] == 0 and empty["current"]["submitted"] == 0
    assert empty["current"]["on_time_rate"] is None and empty["current"]["immediate_rate"] is None
    assert empty["current"]["avg_handling_days"] is None


def test_running_month_counts_overdue_up_to_today(fixture):
    # On 20 November c6 (due 24 Nov) is not yet overdue; c12 (due 4 Nov) is, by 12 working days.
    figures = month_figures(NOV, today=date(2025, 11, 20))
    assert figures["total"]["overdue"] == 2 + 1  # c2 and c5 closed late, c12 open
    b = figures["departments"][fixture["b"].pk]
    # c5 closed late (2) + c12 open overdue 5..7, 10..14, 17..20 → 12.
    assert b["overdue_days"] == 2 + 12


def test_query_count_does_not_grow_with_the_cases(fixture):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bulletins import numbering

    numbering.ensure_current()
    with CaptureQueriesContext(connection) as before:
        month_figures(NOV, today=TODAY)
    a1 = fixture["items"][0]
    for day in (3, 4, 5, 6, 7):
        builders.case(a1, submitted=date(2025, 11, day), accepted=date(2025, 11, day), closed=date(2025, 11, day))
    with CaptureQueriesContext(connection) as after:
        figures = month_figures(NOV, today=TODAY)
    assert figures["total"]["closed"] == 6 + 5
    # A fixed set of grouped queries, never one per case: cases 8 (closings, submissions,
    # acceptances, rejections, the day's ordinal, open 超期件 ×2, stops), 预约取号 2, 好差评 2,
    # letters 1, plus the transaction and (PostgreSQL) SET LOCAL jit.
    assert len(after) == len(before) <= 20
