"""取号 and 叫号: check-in rules, calling order with priorities, recall/skip/transfer/served/no-show,
the board data and the rating hook."""

import datetime

import pytest

from queueing import services
from queueing.models import Ticket, TicketKind, TicketStatus
from queueing.services import QueueError
from queueing.signals import visit_served
from reservations import services as booking_services
from reservations.models import BookingStatus
from tests.halls import builders as hb

from . import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(structure):
    return b.setup(capacity=5, slot_minutes=30)


def booked(item, hall, user, hour, minute=0, token=None, **kw):
    booking, _, _ = booking_services.book(
        user, item, b.key(hall, b.MONDAY, hour, minute), token or f"{user.pk}-{hour}-{minute}", now=b.at(b.MONDAY, 7), **kw
    )
    return booking


def test_check_in_by_code_or_scanned_qr_gives_booked_ticket(world):
    item, hall, _, _ = world
    booking = booked(item, hall, b.citizen(), 9)
    ticket = services.check_in(hall, booking.code.lower(), now=b.at(b.MONDAY, 8, 30))
    assert ticket.kind == TicketKind.BOOKED and ticket.display_number == "Y001"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN
    # Scanning again returns the same ticket instead of a second number.
    qr_payload = f"https://zwfw.example.gov.cn/my/bookings/{booking.code}/"
    assert services.check_in(hall, qr_payload, now=b.at(b.MONDAY, 8, 31)) == ticket
    assert len(ticket.code) >= 20 and Ticket.objects.count() == 1


@pytest.mark.parametrize(("payload", "message"), [
    ("", "无法识别"), ("not a code", "无法识别"), ("https://evil.example/x?code=1", "无法识别"),
    ("A" * 500, "无法识别"), ("ABCDEFGHJK", "没有找到该预约码"),
])
def test_malformed_or_unknown_codes_refused(world, payload, message):
    _, hall, _, _ = world
    with pytest.raises(QueueError, match=message):
        services.check_in(hall, payload, now=b.at(b.MONDAY, 9))
    assert not Ticket.objects.exists()


def test_check_in_time_day_and_hall_rules(world):
    item, hall, _, _ = world
    booking = booked(item, hall, b.citizen(), 11)
    with pytest.raises(QueueError, match="签到时间未到，请于 10:00 后签到"):
        services.check_in(hall, booking.code, now=b.at(b.MONDAY, 9, 30))
    with pytest.raises(QueueError, match="不是今天"):
        services.check_in(hall, booking.code, now=b.at(b.MONDAY - datetime.timedelta(days=1), 11))
    branch = hb.hall("east", "城东分中心", is_main=False)
    with pytest.raises(QueueError, match="请到该大厅签到"):
        services.check_in(branch, booking.code, now=b.at(b.MONDAY, 10, 30))
    with pytest.raises(QueueError, match="已超过预约签到时间"):
        services.check_in(hall, booking.code, now=b.at(b.MONDAY, 11, 16))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED and not Ticket.objects.exists()


def test_cancelled_booking_cannot_check_in(world):
    item, hall, _, _ = world
    user = b.citizen()
    booking = booked(item, hall, user, 9)
    booking_services.cancel(booking, user, now=b.at(b.MONDAY, 8))
    with pytest.raises(QueueError, match="已取消"):
        services.check_in(hall, booking.code, now=b.at(b.MONDAY, 8, 50))


def test_walk_in_only_when_open_and_item_served_here(world):
    item, hall, _, _ = world
    assert services.walk_in(hall, item, now=b.at(b.MONDAY, 9, 5)).display_number == "A001"
    with pytest.raises(QueueError, match="不在开放时间"):
        services.walk_in(hall, item, now=b.at(b.MONDAY, 12, 30))
    other = b.factories.service_item(title="其他事项", code="QT-330521-0099")
    with pytest.raises(QueueError, match="没有办理该事项的窗口"):
        services.walk_in(hall, other, now=b.at(b.MONDAY, 9, 6))


def test_calling_order_pre_reviewed_then_booked_then_walk_in(world, tmp_path):
    from casework.models import CaseStatus
    from tests.online_apply import builders as ob

    item, hall, window, _ = world
    ob.use_tmp_private_storage(tmp_path)
    walker = services.walk_in(hall, item, now=b.at(b.MONDAY, 9, 0))
    plain = booked(item, hall, b.citizen(1), 9)
    reviewed_user = b.citizen()
    case = ob.set_status(ob.draft_case(item, user=reviewed_user, upload=False), CaseStatus.PRE_APPROVED)
    reviewed = booked(item, hall, reviewed_user, 9, token="pr", case_id=str(case.pk))
    plain_ticket = services.check_in(hall, plain.code, now=b.at(b.MONDAY, 9, 1))
    reviewed_ticket = services.check_in(hall, reviewed.code, now=b.at(b.MONDAY, 9, 2))
    assert reviewed_ticket.kind == TicketKind.PRE_REVIEWED and reviewed_ticket.case == case
    staff = b.citizen(9)  # any user object records who called
    order = []
    for minute in (10, 11, 12):
        ticket = services.call_next(window, staff, now=b.at(b.MONDAY, 9, minute))
        order.append(ticket.display_number)
        services.serve(window, now=b.at(b.MONDAY, 9, minute))
    assert order == [reviewed_ticket.display_number, plain_ticket.display_number, walker.display_number]
    assert Ticket.objects.get(pk=walker.pk).wait_seconds == 12 * 60


def test_early_booked_visitor_waits_like_walk_in_until_slot_is_near(world):
    item, hall, window, _ = world
    early = booked(item, hall, b.citizen(1), 10)
    early_ticket = services.check_in(hall, early.code, now=b.at(b.MONDAY, 9, 0))  # slot at 10:00
    walker = services.walk_in(hall, item, now=b.at(b.MONDAY, 9, 5))
    first = services.call_next(window, None, now=b.at(b.MONDAY, 9, 20))
    assert first == early_ticket  # came first anyway
    services.serve(window)
    early2 = booked(item, hall, b.citizen(2), 11)
    early2_ticket = services.check_in(hall, early2.code, now=b.at(b.MONDAY, 10, 0))  # slot at 11:00
    assert services.call_next(window, None, now=b.at(b.MONDAY, 10, 5)) == walker
    services.serve(window)
    walker2 = services.walk_in(hall, item, now=b.at(b.MONDAY, 10, 6))
    # From 10:50 (slot start less 10 minutes) the booking is called before the walk-in.
    assert services.call_next(window, None, now=b.at(b.MONDAY, 10, 51)) == early2_ticket
    assert walker2.status == TicketStatus.WAITING


def test_window_actions(world, structure):
    item, hall, window, _ = world
    other_window = hb.window(hall, "A02", items=[], dept=item.department)
    first = services.walk_in(hall, item, now=b.at(b.MONDAY, 9, 0))
    second = services.walk_in(hall, item, now=b.at(b.MONDAY, 9, 1))
    with pytest.raises(QueueError, match="当前没有正在叫的号"):
        services.recall(window)
    assert services.call_next(window, None, now=b.at(b.MONDAY, 9, 5)) == first
    with pytest.raises(QueueError, match="请先处理当前号 A001"):
        services.call_next(window, None)
    assert services.recall(window, now=b.at(b.MONDAY, 9, 6)).call_count == 2
    services.skip(window)
    assert services.call_next(window, None, now=b.at(b.MONDAY, 9, 7)) == second
    services.transfer(window, other_window)
    # A02 serves no item itself, but the transferred ticket is now its to call.
    assert services.waiting_for(other_window, b.at(b.MONDAY, 9, 8)) == [Ticket.objects.get(pk=second.pk)]
    with pytest.raises(QueueError, match="另一个启用的窗口"):
        services.transfer(other_window, other_window)
    assert services.call_next(other_window, None, now=b.at(b.MONDAY, 9, 8)) == second
    services.requeue(Ticket.objects.get(pk=first.pk))
    assert services.call_next(window, None, now=b.at(b.MONDAY, 9, 9)) == first
    served = []
    visit_served.connect(lambda sender, ticket, **kw: served.append(ticket.code), weak=False, dispatch_uid="t")
    try:
        services.serve(window)
    finally:
        visit_served.disconnect(dispatch_uid="t")
    assert served == [first.code]
    assert Ticket.objects.get(pk=first.pk).rating_url == f"/rate/visit/{first.code}/"  # 一次一评 (ratings app)


def test_no_show_of_booked_ticket_counts_for_the_booking(world):
    item, hall, window, _ = world
    booking = booked(item, hall, b.citizen(), 9)
    services.check_in(hall, booking.code, now=b.at(b.MONDAY, 8, 55))
    services.call_next(window, None, now=b.at(b.MONDAY, 9, 0))
    services.no_show(window, now=b.at(b.MONDAY, 9, 5))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW


def test_board_lists_latest_calls_and_waiting(world):
    item, hall, window, _ = world
    services.walk_in(hall, item, now=b.at(b.MONDAY, 9, 0))
    services.walk_in(hall, item, now=b.at(b.MONDAY, 9, 1))
    services.call_next(window, None, now=b.at(b.MONDAY, 9, 2))
    data = services.board(hall, now=b.at(b.MONDAY, 9, 3))
    assert data["waiting"] == 1
    assert [(c["number"], c["window"]) for c in data["calls"]] == [("A001", "A01")]
