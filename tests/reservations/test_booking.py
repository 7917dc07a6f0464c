"""Booking, capacity, idempotency, reschedule/cancel windows, abuse rules, SMS and .ics."""

import datetime

import pytest
from icalendar import Calendar

from reservations import services
from reservations.ics import booking_calendar
from reservations.models import Booking, BookingSanction, BookingSettings, BookingStatus, SanctionKind, Slot
from reservations.reminders import mark_no_shows, send_reminders
from reservations.services import BookingError

from . import builders as b

pytestmark = pytest.mark.django_db
NOW = b.at(b.MONDAY, 8)


@pytest.fixture
def world(structure):
    return b.setup(capacity=2, slot_minutes=30)


def book(user, item, key, token, now=NOW, **kw):
    return services.book(user, item, key, token, now=now, **kw)


def test_booking_gives_code_sms_and_takes_one_place(world, sms_outbox):
    item, hall, _, _ = world
    user = b.citizen()
    booking, created, sanction = book(user, item, b.key(hall, b.MONDAY, 9), "t1")
    assert created and sanction is None
    assert len(booking.code) == 10 and booking.status == BookingStatus.BOOKED
    assert Slot.objects.get().booked == 1
    assert sms_outbox[-1].phone == "13812341234" and booking.code in sms_outbox[-1].text
    assert "2026年12月07日 09:00–09:30" in sms_outbox[-1].text


def test_capacity_is_never_exceeded(world):
    item, hall, _, _ = world
    key = b.key(hall, b.MONDAY, 9)
    book(b.citizen(1), item, key, "a")
    book(b.citizen(2), item, key, "b")
    with pytest.raises(BookingError, match="该时段已约满"):
        book(b.citizen(3), item, key, "c")
    assert Slot.objects.get().booked == 2 and Booking.objects.count() == 2


def test_double_submission_is_idempotent(world, sms_outbox):
    item, hall, _, _ = world
    user = b.citizen()
    first, created, _ = book(user, item, b.key(hall, b.MONDAY, 9), "same-token")
    again, created_again, _ = book(user, item, b.key(hall, b.MONDAY, 9), "same-token")
    assert created and not created_again and first == again
    assert Slot.objects.get().booked == 1 and len(sms_outbox) == 1


def test_same_citizen_cannot_hold_one_slot_twice(world):
    item, hall, _, _ = world
    user = b.citizen()
    book(user, item, b.key(hall, b.MONDAY, 9), "x1")
    with pytest.raises(BookingError, match="您已预约了该时段"):
        book(user, item, b.key(hall, b.MONDAY, 9), "x2")
    assert Slot.objects.get().booked == 1


def test_reschedule_moves_the_place_and_keeps_the_code(world, sms_outbox):
    item, hall, _, _ = world
    user = b.citizen()
    booking, _, _ = book(user, item, b.key(hall, b.MONDAY, 9), "r1")
    moved = services.reschedule(booking, user, b.key(hall, b.MONDAY, 10), now=NOW)
    assert moved.code == booking.code and moved.slot.start == datetime.time(10)
    assert {s.start: s.booked for s in Slot.objects.all()} == {datetime.time(9): 0, datetime.time(10): 1}
    assert "已改为" in sms_outbox[-1].text


def test_reschedule_to_full_slot_changes_nothing(world):
    item, hall, _, _ = world
    user = b.citizen()
    booking, _, _ = book(user, item, b.key(hall, b.MONDAY, 9), "r1")
    book(b.citizen(1), item, b.key(hall, b.MONDAY, 10), "f1")
    book(b.citizen(2), item, b.key(hall, b.MONDAY, 10), "f2")
    with pytest.raises(BookingError, match="该时段已约满"):
        services.reschedule(booking, user, b.key(hall, b.MONDAY, 10), now=NOW)
    booking.refresh_from_db()
    assert booking.slot.start == datetime.time(9) and booking.slot.booked == 1


def test_cancel_until_the_slot_starts_then_not(world):
    item, hall, _, _ = world
    user = b.citizen()
    early, _, _ = book(user, item, b.key(hall, b.MONDAY, 9), "c1")
    later, _, _ = book(user, item, b.key(hall, b.MONDAY, 10), "c2")
    services.cancel(early, user, now=b.at(b.MONDAY, 8, 59))
    early.refresh_from_db()
    assert early.status == BookingStatus.CANCELLED and early.slot.booked == 0
    with pytest.raises(BookingError, match="不能再改约或取消"):
        services.cancel(later, user, now=b.at(b.MONDAY, 10, 0))
    with pytest.raises(BookingError, match="不能再改约或取消"):
        services.reschedule(later, user, b.key(hall, b.MONDAY, 11), now=b.at(b.MONDAY, 10, 1))
    later.refresh_from_db()
    assert later.status == BookingStatus.BOOKED


def test_another_citizens_booking_cannot_be_cancelled(world):
    item, hall, _, _ = world
    owner, other = b.citizen(), b.citizen(1)
    booking, _, _ = book(owner, item, b.key(hall, b.MONDAY, 9), "o1")
    with pytest.raises(BookingError, match="没有找到该预约"):
        services.cancel(booking, other, now=NOW)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_daily_item_limit_warns_then_suspends(world, sms_outbox):
    item, hall, _, group = world
    group.capacity = 10
    group.save()
    user = b.citizen()
    for n, hour in enumerate((9, 10, 11), start=1):
        _, _, sanction = book(user, item, b.key(hall, b.MONDAY, hour), f"d{n}")
    assert sanction.kind == SanctionKind.WARNING  # the 3rd booking for that day: warned
    with pytest.raises(BookingError, match="暂停至"):
        book(user, item, b.key(hall, b.MONDAY, 14), "d4")
    assert Booking.objects.filter(citizen=user).count() == 3
    assert BookingSanction.objects.filter(citizen=user, kind=SanctionKind.SUSPENSION).count() == 1
    assert "暂停至" in sms_outbox[-1].text
    with pytest.raises(BookingError, match="暂停至"):  # any day, while suspended
        book(user, item, b.key(hall, b.MONDAY + datetime.timedelta(days=1), 9), "d5")


def test_daily_limit_counts_cancelled_bookings_for_that_day(world):
    item, hall, _, group = world
    group.capacity = 10
    group.save()
    user = b.citizen()
    for n in range(3):
        booking, _, _ = book(user, item, b.key(hall, b.MONDAY, 9), f"e{n}")
        services.cancel(booking, user, now=NOW)
    with pytest.raises(BookingError, match="暂停至"):
        book(user, item, b.key(hall, b.MONDAY, 9), "e3")
    # Another day was never the problem, but the suspension now covers it too.
    assert BookingSanction.objects.filter(citizen=user, kind=SanctionKind.SUSPENSION).exists()


def test_cancellations_warn_at_four_and_suspend_at_five(world):
    item, hall, _, group = world
    group.capacity = 10
    group.save()
    user = b.citizen()
    sanctions = []
    for n in range(5):
        day = b.MONDAY + datetime.timedelta(days=n % 4 + 1)  # spread over days: no daily limit
        booking, _, _ = book(user, item, b.key(hall, day, 9 + n // 4), f"k{n}", now=b.at(b.MONDAY, 8, n))
        sanctions.append(services.cancel(booking, user, now=b.at(b.MONDAY, 8, 30 + n)))
    assert [s.kind if s else None for s in sanctions] == [None, None, None, SanctionKind.WARNING, SanctionKind.SUSPENSION]


def test_no_shows_warn_then_suspend_configurably(world):
    item, hall, _, _ = world
    rules = BookingSettings.current()
    rules.no_show_limit = 2
    rules.suspension_days = 7
    rules.save()
    user = b.citizen()
    first, _, _ = book(user, item, b.key(hall, b.MONDAY, 9), "n1")
    second, _, _ = book(user, item, b.key(hall, b.MONDAY + datetime.timedelta(days=1), 9), "n2")
    assert mark_no_shows(now=b.at(b.MONDAY, 9, 10)) == 0  # still within the 15-minute grace
    assert mark_no_shows(now=b.at(b.MONDAY, 9, 20)) == 1
    assert BookingSanction.objects.get().kind == SanctionKind.WARNING
    assert mark_no_shows(now=b.at(b.MONDAY + datetime.timedelta(days=1), 12)) == 1
    suspension = BookingSanction.objects.get(kind=SanctionKind.SUSPENSION)
    assert (suspension.ends_at - suspension.created_at).days == 7
    second.refresh_from_db()
    assert first.citizen == second.citizen and second.status == BookingStatus.NO_SHOW


def test_pre_reviewed_case_books_with_priority_and_others_cannot(world, tmp_path):
    from casework.models import CaseStatus
    from tests.online_apply import builders as ob

    item, hall, _, _ = world
    ob.use_tmp_private_storage(tmp_path)
    user = b.citizen()
    case = ob.set_status(ob.draft_case(item, user=user, upload=False), CaseStatus.PRE_APPROVED, receipt_number="YS20261201-000001")
    booking, _, _ = book(user, item, b.key(hall, b.MONDAY, 9), "p1", case_id=str(case.pk))
    assert booking.priority and booking.case == case
    with pytest.raises(BookingError, match="没有找到该办件"):
        book(b.citizen(1), item, b.key(hall, b.MONDAY, 10), "p2", case_id=str(case.pk))
    ob.set_status(case, CaseStatus.SUBMITTED)
    with pytest.raises(BookingError, match="尚未通过预审"):
        book(user, item, b.key(hall, b.MONDAY, 10), "p3", case_id=str(case.pk))
    with pytest.raises(BookingError, match="没有找到该办件"):
        book(user, item, b.key(hall, b.MONDAY, 10), "p4", case_id="1 OR 1=1")


def test_staff_account_cannot_book(world, django_user_model):
    item, hall, _, _ = world
    staff = django_user_model.objects.create_user("staff1", password="x-Strong-pass-1", is_staff=True)
    with pytest.raises(BookingError, match="申请人账户"):
        book(staff, item, b.key(hall, b.MONDAY, 9), "s1")
    assert not Slot.objects.filter(booked__gt=0).exists()


def test_reminder_the_day_before_once(world, sms_outbox):
    item, hall, _, _ = world
    book(b.citizen(), item, b.key(hall, b.MONDAY + datetime.timedelta(days=1), 9), "m1")
    sms_outbox.clear()
    assert send_reminders(today=b.MONDAY) == 1
    assert "提醒" in sms_outbox[0].text and "2026年12月08日" in sms_outbox[0].text
    assert send_reminders(today=b.MONDAY) == 0


def test_ics_event(world):
    item, hall, _, _ = world
    booking, _, _ = book(b.citizen(), item, b.key(hall, b.MONDAY, 9), "i1")
    calendar = Calendar.from_ical(booking_calendar(booking, "https://zwfw.example.gov.cn/my/bookings/X/", "zwfw.example.gov.cn"))
    event = calendar.walk("VEVENT")[0]
    assert str(event["summary"]) == "预约办理：居民身份证申领"
    assert event.decoded("dtstart").isoformat() == "2026-12-07T09:00:00+08:00"
    assert event.decoded("dtend").isoformat() == "2026-12-07T09:30:00+08:00"
    assert booking.code in str(event["description"]) and "示范县政务服务中心" in str(event["location"])
    assert str(event["uid"]) == f"booking-{booking.code}@zwfw.example.gov.cn"
    assert event.walk("VALARM")
    # Every TZID used is defined in the file (RFC 5545 3.6.5).
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert event["dtstart"].params["TZID"] == "Asia/Shanghai"


def test_sanctions_list_shows_the_citizen_masked_not_the_account_code(world, client, django_user_model):
    item, hall, _, group = world
    group.capacity = 10
    group.save()
    user = b.citizen()
    for n, hour in enumerate((9, 10, 11), start=1):
        book(user, item, b.key(hall, b.MONDAY, hour), f"m{n}")
    profile = user.citizen
    client.force_login(django_user_model.objects.create_superuser("admin", password="x" * 12))
    response = client.get("/admin/snippets/reservations/bookingsanction/")
    assert response.status_code == 200
    page = response.content.decode()
    assert profile.masked_phone in page and profile.masked_name in page
    assert user.username not in page and profile.phone not in page
