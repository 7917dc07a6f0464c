"""The working-day numbering agrees with workdays.calendar; best-window scoring."""

from datetime import date, timedelta

import pytest

from bulletins import numbering
from bulletins.metrics import scoring
from bulletins.models import WorkdayNumber
from workdays.calendar import working_days_between
from workdays.models import CalendarDay


@pytest.mark.django_db
def test_ordinal_differences_are_working_days_between():
    numbering.ensure_current()
    ordinals = dict(WorkdayNumber.objects.filter(date__range=(date(2025, 9, 20), date(2025, 10, 20))).values_list("date", "ordinal"))
    days = sorted(ordinals)
    for start in days[::3]:
        for end in days[::4]:
            if end >= start:
                assert ordinals[end] - ordinals[start] == working_days_between(start, end), (start, end)


@pytest.mark.django_db
def test_a_calendar_edit_renumbers():
    monday = date(2030, 3, 4)
    numbering.ensure_current(until=monday)
    before = WorkdayNumber.objects.get(date=monday + timedelta(days=1)).ordinal
    CalendarDay.objects.create(date=monday, is_working_day=False, name="临时放假")
    numbering.ensure_current(until=monday)
    assert WorkdayNumber.objects.get(date=monday + timedelta(days=1)).ordinal == before - 1


def window(name, closed, on_time, early, satisfaction=None):
    return {"id": name, "name": name, "current": {"closed": closed, "on_time_rate": on_time, "early_rate": early,
                                                  "satisfaction_rate": satisfaction}}


def test_composite_score_weights_and_missing_components():
    assert scoring.composite_score({"closed": 20, "on_time_rate": 100.0, "early_rate": 50.0, "satisfaction_rate": 95.0}) == 88.0
    # No ratings: on-time and early only, rescaled (40·100 + 20·80) / 60.
    assert scoring.composite_score({"closed": 20, "on_time_rate": 100.0, "early_rate": 80.0}) == 93.3
    assert scoring.composite_score({"closed": 9, "on_time_rate": 100.0}) is None  # too few cases to score


def test_best_windows_are_at_most_a_fifth():
    rows = [window(f"W{i}", 30, 100.0, 90.0, 98.0) for i in range(10)] + [window("W10", 30, 80.0, 10.0, 70.0)]
    scoring.rankings([], rows)
    best = scoring.best_windows(rows)
    assert len(best) == 2 and all(b["score"] >= 90 for b in best)  # 20 % of 11 windows ≈ 2
    assert scoring.best_windows([window("A", 30, 80.0, 10.0, 70.0)]) == []  # none reaches 90
