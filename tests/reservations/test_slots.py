"""Slot generation across working days, holidays, 调休, extra sessions, closures and the horizon."""

import datetime

import pytest

from halls.models import SessionKind
from reservations.models import BookingSettings
from reservations.slots import SlotUnavailable, bookable_days, find_choice, is_bookable, slots_on
from tests.halls import builders as hb

from . import builders as b

pytestmark = pytest.mark.django_db


def times(choices):
    return [c.start.strftime("%H:%M") for c in choices]


def test_working_day_slots_follow_sessions(structure):
    item, hall, _, group = b.setup(slot_minutes=60)
    choices = slots_on(hall, item, group, b.MONDAY, now=b.at(b.MONDAY, 8))
    assert times(choices) == ["09:00", "10:00", "11:00", "14:00", "15:00", "16:00", "17:00"]
    assert all(c.remaining == 5 for c in choices)


def test_started_slots_are_not_offered(structure):
    item, hall, _, group = b.setup(slot_minutes=60)
    assert times(slots_on(hall, item, group, b.MONDAY, now=b.at(b.MONDAY, 15, 5)))[:1] == ["16:00"]


def test_holidays_weekends_and_tiaoxiu(structure):
    item, hall, _, group = b.setup(slot_minutes=60)
    now = b.at(datetime.date(2026, 9, 28), 8)
    assert slots_on(hall, item, group, datetime.date(2026, 10, 1), now) == []  # 国庆节
    assert slots_on(hall, item, group, datetime.date(2026, 10, 4), now) == []  # Sunday in the break
    assert len(slots_on(hall, item, group, datetime.date(2026, 10, 10), now)) == 7  # 调休 Saturday


def test_extra_saturday_session_only_for_rotation_windows(structure):
    item, hall, window, group = b.setup(slot_minutes=60)
    other = b.factories.service_item(title="社保卡申领", code="GG-330521-0099")
    hb.window(hall, "B01", items=[other])
    group.items.add(other)
    hb.session(hall, kind=SessionKind.EXTRA, weekday=5, windows=[window])
    saturday, now = datetime.date(2026, 12, 12), b.at(b.MONDAY, 8)
    assert times(slots_on(hall, item, group, saturday, now)) == ["09:00", "10:00", "11:00"]
    assert slots_on(hall, other, group, saturday, now) == []


def test_horizon_counts_working_days_and_includes_rotation_saturday(structure):
    item, hall, window, group = b.setup(slot_minutes=60)
    hb.session(hall, kind=SessionKind.EXTRA, weekday=5, windows=[window])
    rules = BookingSettings.current()
    rules.horizon_working_days = 5
    rules.save()
    days = [d for d, _ in bookable_days(hall, item, group, now=b.at(b.MONDAY, 8))]
    # Today and 5 working days ahead (to Monday 14th), plus the rotation Saturday in between.
    assert days == [datetime.date(2026, 12, d) for d in (7, 8, 9, 10, 11, 12, 14)]


def test_find_choice_refuses_bad_keys_in_chinese(structure):
    item, hall, _, group = b.setup(slot_minutes=60)
    hb.closure(hall, datetime.date(2026, 12, 9), datetime.date(2026, 12, 9))
    now = b.at(b.MONDAY, 8)
    cases = {
        "": "预约时段无效",
        "abc": "预约时段无效",
        f"{hall.pk}-20261399-0900": "预约时段无效",
        f"{hall.pk + 99}-20261208-0900": "该大厅不办理此事项",
        b.key(hall, datetime.date(2026, 12, 4), 9): "已经开始或已过去",
        b.key(hall, b.MONDAY, 7): "已经开始或已过去",
        b.key(hall, datetime.date(2026, 12, 9), 9): "不对外办公",
        b.key(hall, datetime.date(2026, 12, 13), 9): "不对外办公",
        b.key(hall, b.MONDAY, 12, 30): "不在大厅开放时间内",
        b.key(hall, b.MONDAY, 9, 15): "不在大厅开放时间内",
        b.key(hall, datetime.date(2027, 3, 1), 9): "尚未开放预约",
    }
    for bad, message in cases.items():
        with pytest.raises(SlotUnavailable, match=message):
            find_choice(item, bad, now)
    assert find_choice(item, b.key(hall, b.MONDAY, 9), now).remaining == 5


def test_item_without_group_or_window_is_not_bookable(structure):
    item, hall, window, group = b.setup()
    assert is_bookable(item)
    group.active = False
    group.save()
    assert not is_bookable(item)
    group.active = True
    group.save()
    window.active = False
    window.save()
    assert not is_bookable(item)
