"""Working-day arithmetic against the calendar seeded by the data migration (chinese_calendar)."""

from datetime import date

import pytest

from workdays.calendar import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
    working_days_in,
)
from workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_weekdays_work_and_weekends_rest_in_an_ordinary_week():
    # 2025-03-10 (Mon) … 2025-03-16 (Sun): no holidays that week.
    assert [is_working_day(date(2025, 3, d)) for d in range(10, 17)] == [True] * 5 + [False] * 2


def test_national_day_2025_holidays_and_make_up_days():
    # 2025 国庆+中秋: Oct 1–8 off; Sunday Sep 28 and Saturday Oct 11 are 调休 working days.
    assert not any(is_working_day(date(2025, 10, d)) for d in range(1, 9))
    assert is_working_day(date(2025, 9, 28))
    assert is_working_day(date(2025, 10, 11))
    assert is_working_day(date(2025, 10, 9))


def test_seeded_rows_carry_chinese_names():
    assert CalendarDay.objects.get(date=date(2025, 10, 1)).name == "国庆节"
    assert CalendarDay.objects.get(date=date(2025, 10, 11)).name == "国庆节调休上班"
    # Only exceptions are stored: a holiday on a Saturday is already a day off.
    assert not CalendarDay.objects.filter(date=date(2025, 10, 4)).exists()


def test_make_up_saturday_counts_towards_a_deadline():
    # Accepted Friday 2025-10-10: the next working day is the 调休 Saturday Oct 11.
    assert next_working_day(date(2025, 10, 10)) == date(2025, 10, 11)
    assert add_working_days(date(2025, 10, 10), 1) == date(2025, 10, 11)
    assert add_working_days(date(2025, 10, 10), 2) == date(2025, 10, 13)


def test_add_working_days_across_national_day():
    # Accepted Tuesday 2025-09-30; 3 working days: Oct 9, 10, 11.
    assert add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)


def test_deadline_spanning_spring_festival_2025():
    # 2025 春节: Jan 28 – Feb 4 off; Sunday Jan 26 and Saturday Feb 8 worked.
    # Accepted Friday Jan 24 with a 5-day promise: Jan 26, Jan 27, Feb 5, Feb 6, Feb 7.
    assert add_working_days(date(2025, 1, 24), 5) == date(2025, 2, 7)
    assert add_working_days(date(2025, 1, 24), 6) == date(2025, 2, 8)
    # Promised days plus stopped days: deadline = add_working_days(accepted, promised + stopped).
    assert add_working_days(date(2025, 1, 24), 5 + 2) == date(2025, 2, 10)


def test_zero_days_means_same_day_or_next_working_day():
    assert add_working_days(date(2025, 3, 10), 0) == date(2025, 3, 10)
    assert add_working_days(date(2025, 3, 15), 0) == date(2025, 3, 17)  # Saturday → Monday
    assert add_working_days(date(2025, 10, 1), 0) == date(2025, 10, 9)  # 国庆 → first day back


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="不能为负数"):
        add_working_days(date(2025, 3, 10), -1)


def test_working_days_between_excludes_start_includes_end():
    assert working_days_between(date(2025, 3, 10), date(2025, 3, 14)) == 4
    assert working_days_between(date(2025, 3, 14), date(2025, 3, 10)) == 0
    assert working_days_between(date(2025, 3, 10), date(2025, 3, 10)) == 0
    # Sep 30 → Oct 11: only Oct 9, 10, 11 are working days.
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 11)) == 3


def test_between_and_add_agree():
    start = date(2025, 1, 20)
    for days in range(0, 40):
        end = add_working_days(start, days)
        assert working_days_between(start, end) == days


def test_working_days_in_is_inclusive():
    assert working_days_in(date(2025, 9, 26), date(2025, 10, 11)) == [
        date(2025, 9, 26), date(2025, 9, 28), date(2025, 9, 29), date(2025, 9, 30),
        date(2025, 10, 9), date(2025, 10, 10), date(2025, 10, 11),
    ]
    assert working_days_in(date(2025, 10, 2), date(2025, 10, 1)) == []


def test_year_without_rows_follows_weekday_rule():
    # 2031 is beyond the package: plain weekday rule until an administrator enters it.
    assert not CalendarDay.objects.filter(date__year=2031).exists()
    assert is_working_day(date(2031, 1, 1))  # a Wednesday, not yet entered
    assert add_working_days(date(2030, 12, 31), 1) == date(2031, 1, 1)


def test_editing_a_future_year_changes_results_at_once():
    new_year = date(2031, 1, 1)
    assert is_working_day(new_year)  # cached for 2031 now
    row = CalendarDay.objects.create(date=new_year, is_working_day=False, name="元旦")
    assert not is_working_day(new_year)
    assert add_working_days(date(2030, 12, 31), 1) == date(2031, 1, 2)
    row.delete()
    assert is_working_day(new_year)


def test_cached_year_is_read_once(django_assert_num_queries):
    is_working_day(date(2025, 5, 6))
    with django_assert_num_queries(0):
        add_working_days(date(2025, 1, 2), 200)
