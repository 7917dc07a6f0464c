"""When a hall is open: working days, 调休, holidays, extra Saturday sessions, closures."""

import datetime
from datetime import date

import pytest

from halls.models import SessionKind
from halls.opening import is_statutory_holiday, periods_on

from . import builders as b

pytestmark = pytest.mark.django_db

NINE, NOON, TWO, SIX = datetime.time(9), datetime.time(12), datetime.time(14), datetime.time(18)


def spans(periods):
    return [(p.start, p.end) for p in periods]


def test_default_hours_on_a_working_day(structure):
    hall = b.hall()
    assert spans(periods_on(hall, date(2026, 12, 7))) == [(NINE, NOON), (TWO, SIX)]  # Monday


def test_closed_on_weekend_and_statutory_holiday(structure):
    hall = b.hall()
    assert periods_on(hall, date(2026, 12, 6)) == []  # Sunday
    assert periods_on(hall, date(2026, 10, 1)) == []  # 国庆节, a Thursday


def test_open_on_tiaoxiu_make_up_saturday(structure):
    hall = b.hall()
    # 2026-10-10 is a Saturday worked in exchange for the National Day break (调休上班).
    assert spans(periods_on(hall, date(2026, 10, 10))) == [(NINE, NOON), (TWO, SIX)]


def test_saturday_rotation_only_for_named_windows_and_not_in_holidays(structure):
    hall = b.hall()
    rota = b.window(hall, "A01")
    other = b.window(hall, "B01", name="社保")
    b.session(hall, kind=SessionKind.EXTRA, weekday=5, windows=[rota])
    saturday = periods_on(hall, date(2026, 12, 5))
    assert spans(saturday) == [(NINE, NOON)]
    assert saturday[0].serves([rota.pk]) and not saturday[0].serves([other.pk])
    assert is_statutory_holiday(date(2026, 10, 3))  # Saturday inside the National Day break
    assert periods_on(hall, date(2026, 10, 3)) == []


def test_own_regular_sessions_replace_default_and_weekday_rows_override(structure):
    hall = b.hall()
    b.session(hall, (9, 0), (12, 0))
    b.session(hall, (14, 0), (17, 0))
    b.session(hall, (9, 0), (11, 30), weekday=4)  # Friday: mornings only
    assert spans(periods_on(hall, date(2026, 12, 7))) == [(NINE, NOON), (TWO, datetime.time(17))]
    assert spans(periods_on(hall, date(2026, 12, 11))) == [(NINE, datetime.time(11, 30))]
    assert "周五（工作日） 09:00–11:30" in hall.hours_summary()


def test_closure_wins(structure):
    hall = b.hall()
    b.closure(hall, date(2026, 12, 7), date(2026, 12, 8))
    assert periods_on(hall, date(2026, 12, 7)) == [] and periods_on(hall, date(2026, 12, 8)) == []
    assert periods_on(hall, date(2026, 12, 9)) != []


def test_hours_summary_names_rotation_windows(structure):
    hall = b.hall()
    b.session(hall, kind=SessionKind.EXTRA, weekday=5, windows=[b.window(hall, "A01"), b.window(hall, "A07")])
    assert hall.hours_summary() == "工作日 09:00–12:00、14:00–18:00；周六 09:00–12:00（A01、A07号窗口轮值，法定节假日除外）"
