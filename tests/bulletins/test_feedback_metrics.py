"""好差评 and letter metrics against hand-computed figures (builders.november_2025_feedback).

Ratings in November: A gives 5, 3, 2 (window A01), B gives 1 and a set-aside 4 (B01).
→ 4 counted, 2 satisfied (5 and 3) = 50.0 %, 2 差评. Rectifications due in November: A's due
28 Nov done 20 Nov (on time), B's due 25 Nov done 27 Nov (late) → 50.0 %.
Letters received in November: L1 complaint A replied on time (substantiated), L2 complaint B
unanswered and past its 26 Nov deadline, L3 consultation A answered late, L4 complaint A not yet
due, L5 suggestion with no department answered on time.
→ 5 letters; due or answered: L1, L2, L3, L5 → on time 2 of 4 = 50.0 %; complaints 3,
substantiated 1, answered on time 1, due 2 (L1, L2) → 50.0 %.
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
    fx = builders.november_2025()
    builders.november_2025_feedback(fx)
    return fx


def test_rating_and_letter_totals(fixture):
    total = month_figures(NOV, today=TODAY)["total"]
    assert (total["ratings"], total["satisfaction_rate"], total["bad_ratings"], total["rectified_on_time_rate"]) == (4, 50.0, 2, 50.0)
    assert (total["letters_received"], total["letters_on_time_rate"]) == (5, 50.0)
    assert (total["complaints_received"], total["complaints_substantiated"], total["complaints_answered_on_time"],
            total["complaints_on_time_rate"]) == (3, 1, 1, 50.0)


def test_per_department_and_window(fixture):
    figures = month_figures(NOV, today=TODAY)
    a, b = figures["departments"][fixture["a"].pk], figures["departments"][fixture["b"].pk]
    assert (a["ratings"], a["satisfaction_rate"], a["bad_ratings"], a["rectified_on_time_rate"]) == (3, 66.7, 1, 100.0)
    assert (b["ratings"], b["satisfaction_rate"], b["bad_ratings"], b["rectified_on_time_rate"]) == (1, 0.0, 1, 0.0)
    assert (a["letters_received"], a["letters_on_time_rate"], a["complaints_on_time_rate"]) == (3, 50.0, 100.0)
    assert (b["letters_received"], b["letters_on_time_rate"], b["complaints_on_time_rate"]) == (1, 0.0, 0.0)
    window_a = fixture["windows"][0].pk
    assert figures["windows"][window_a]["satisfaction_rate"] == 66.7  # hall ratings matched by window number


def test_previous_month_ratings(fixture):
    previous = build_snapshot(NOV, today=TODAY)["total"]["previous"]
    assert (previous["ratings"], previous["satisfaction_rate"], previous["letters_received"]) == (1, 100.0, 0)
    assert previous["letters_on_time_rate"] is None


def test_rankings_use_each_metric(fixture):
    rankings = build_snapshot(NOV, today=TODAY)["rankings"]["departments"]
    assert [(r["name"], r["value"]) for r in rankings["on_time_rate"]] == [("县公安局", 100.0), ("县民政局", 50.0)]
    assert [(r["name"], r["value"]) for r in rankings["satisfaction_rate"]] == [("县公安局", 66.7), ("县民政局", 0.0)]
    assert [(r["name"], r["rank"]) for r in rankings["letters_on_time_rate"]] == [("县公安局", 1), ("县民政局", 2)]
