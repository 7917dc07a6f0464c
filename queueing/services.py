"""取号 and 叫号. Numbers come from a per-hall, per-day counter row raised by an UPDATE in the
ticket's transaction (the row lock orders concurrent check-ins) and a unique constraint backs
it; a call claims a ticket with a conditional UPDATE, so two windows never call the same one.
"""

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from halls.models import Window
from halls.opening import periods_on
from reservations.codes import code_from_input
from reservations.models import Booking, BookingSettings, BookingStatus
from reservations.services import record_no_show

from .models import PREFIX, PRIORITY, QueueCounter, Ticket, TicketKind, TicketStatus
from .signals import visit_served


class QueueError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _next_number(hall, day):
    QueueCounter.objects.get_or_create(hall=hall, date=day)
    QueueCounter.objects.filter(hall=hall, date=day).update(last_number=F("last_number") + 1)
    return QueueCounter.objects.get(hall=hall, date=day).last_number


def _issue(hall, kind, now, **fields):
    day = timezone.localdate(now)
    with transaction.atomic():
        number = _next_number(hall, day)
        return Ticket.objects.create(
            hall=hall, date=day, number=number, display_number=f"{PREFIX[kind]}{number:03d}",
            kind=kind, priority=PRIORITY[kind], issued_at=now, **fields,
        )


def check_in(hall, text, *, now=None):
    """A booking code (typed or scanned as the booking QR) → its queue ticket."""
    now = now or timezone.now()
    code = code_from_input(text)
    if code is None:
        raise QueueError("无法识别的预约码或二维码，请核对后重新输入（预约码为 10 位字母和数字）。")
    booking = Booking.objects.select_related("slot__hall", "item__department", "case").filter(code=code).first()
    if booking is None:
        raise QueueError("没有找到该预约码，请核对后重新输入。")
    slot = booking.slot
    if slot.hall_id != hall.pk:
        raise QueueError(f"该预约的办理地点是“{slot.hall.name}”，请到该大厅签到。")
    if booking.status == BookingStatus.CHECKED_IN:
        return booking.ticket
    if booking.status != BookingStatus.BOOKED:
        raise QueueError(f"该预约{booking.get_status_display()}，不能签到；如需办理请现场取号。")
    if slot.date != timezone.localdate(now):
        raise QueueError(f"该预约的日期是 {slot.date:%Y年%m月%d日}，不是今天。")
    rules = BookingSettings.current()
    opens = slot.starts_at - datetime.timedelta(minutes=rules.checkin_early_minutes)
    closes = slot.starts_at + datetime.timedelta(minutes=rules.checkin_late_minutes)
    if now < opens:
        raise QueueError(f"签到时间未到，请于 {timezone.localtime(opens):%H:%M} 后签到。")
    if now > closes:
        raise QueueError("已超过预约签到时间，预约作废，请现场取普通号办理。")
    kind = TicketKind.PRE_REVIEWED if booking.priority else TicketKind.BOOKED
    with transaction.atomic():
        claimed = Booking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
            status=BookingStatus.CHECKED_IN, checked_in_at=now,
        )
        if not claimed:  # a second scan at the same moment
            return Ticket.objects.get(booking=booking)
        return _issue(
            hall, kind, now, booking=booking, item=booking.item, department=booking.item.department,
            case=booking.case, priority_from=slot.starts_at - datetime.timedelta(minutes=rules.priority_lead_minutes),
        )


def is_open_now(hall, now=None):
    now = timezone.localtime(now or timezone.now())
    return any(p.start <= now.time() < p.end for p in periods_on(hall, now.date()))


def walk_in(hall, item, *, now=None):
    """现场取号 for an item handled at a window of this hall, while the hall is open."""
    now = now or timezone.now()
    if item is None or not Window.objects.filter(hall=hall, items=item, active=True).exists():
        raise QueueError("本大厅没有办理该事项的窗口，请咨询导服台。")
    if not is_open_now(hall, now):
        raise QueueError("大厅当前不在开放时间，暂不能取号。")
    return _issue(hall, TicketKind.WALK_IN, now, item=item, department=item.department)


def _effective_priority(ticket, now):
    if ticket.priority_from and now < ticket.priority_from:
        return 0  # arrived well before the booked slot: queues like a walk-in until then
    return ticket.priority


def waiting_for(window, now=None):
    """The tickets this window may call, in calling order."""
    now = now or timezone.now()
    serves = Q(target_window=window) | Q(
        target_window=None, item__in=window.items.all()
    )
    tickets = Ticket.objects.filter(
        serves, hall=window.hall_id, date=timezone.localdate(now), status=TicketStatus.WAITING
    ).select_related("item")
    return sorted(tickets, key=lambda t: (t.target_window_id != window.pk, -_effective_priority(t, now), t.issued_at, t.number))


def current_ticket(window):
    return Ticket.objects.filter(window=window, status=TicketStatus.CALLED).order_by("-called_at").first()


def call_next(window, staff, *, now=None):
    now = now or timezone.now()
    current = current_ticket(window)
    if current:
        raise QueueError(f"请先处理当前号 {current.display_number}（办结、过号、未到或转窗口）后再叫下一位。")
    for ticket in waiting_for(window, now):
        wait = ticket.wait_seconds
        if ticket.first_called_at is None:
            wait = int((now - ticket.issued_at).total_seconds())
        claimed = Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.WAITING).update(
            status=TicketStatus.CALLED, window=window, called_by=staff, called_at=now, call_count=F("call_count") + 1,
            first_called_at=ticket.first_called_at or now, wait_seconds=wait, target_window=None,
        )
        if claimed:
            return Ticket.objects.get(pk=ticket.pk)
    raise QueueError("当前没有候叫的号。")


def _current_or_error(window):
    ticket = current_ticket(window)
    if ticket is None:
        raise QueueError("本窗口当前没有正在叫的号。")
    return ticket


def recall(window, *, now=None):
    ticket = _current_or_error(window)
    Ticket.objects.filter(pk=ticket.pk).update(called_at=now or timezone.now(), call_count=F("call_count") + 1)
    ticket.refresh_from_db()
    return ticket


def _finish(window, status, now):
    ticket = _current_or_error(window)
    changed = Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.CALLED).update(status=status, finished_at=now)
    if not changed:
        raise QueueError("该号已被处理，请刷新。")
    ticket.refresh_from_db()
    return ticket


def skip(window, *, now=None):
    """过号: the visitor did not come; the number may be put back in the queue if they return."""
    return _finish(window, TicketStatus.SKIPPED, now or timezone.now())


def requeue(ticket, *, now=None):
    """A skipped visitor came back: waiting again, in their original place."""
    changed = Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.SKIPPED).update(
        status=TicketStatus.WAITING, finished_at=None, window=None,
    )
    if not changed:
        raise QueueError("只有过号的号可以重新排队。")


def serve(window, *, now=None):
    """办结: the visit is done; the ratings app is told (一次一评)."""
    ticket = _finish(window, TicketStatus.SERVED, now or timezone.now())
    visit_served.send(sender=Ticket, ticket=ticket)
    return ticket


def no_show(window, *, now=None):
    """未到: final; a booked visitor's booking counts as a no-show (失信约束)."""
    ticket = _finish(window, TicketStatus.NO_SHOW, now or timezone.now())
    if ticket.booking_id:
        record_no_show(ticket.booking, now=now)
    return ticket


def transfer(window, target, *, now=None):
    """转窗口: back to waiting, callable only by the target window, ahead of new arrivals."""
    if target is None or target.hall_id != window.hall_id or not target.active or target.pk == window.pk:
        raise QueueError("请选择本大厅内另一个启用的窗口。")
    ticket = _current_or_error(window)
    changed = Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.CALLED).update(
        status=TicketStatus.WAITING, window=None, target_window=target,
    )
    if not changed:
        raise QueueError("该号已被处理，请刷新。")
    ticket.refresh_from_db()
    return ticket


def board(hall, now=None, limit=8):
    """What the public waiting board shows: the latest calls and how many wait."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    calls = (
        Ticket.objects.filter(hall=hall, date=today, status=TicketStatus.CALLED)
        .select_related("window").order_by("-called_at")[:limit]
    )
    waiting = Ticket.objects.filter(hall=hall, date=today, status=TicketStatus.WAITING).count()
    return {
        "calls": [
            {"id": f"{t.pk}-{t.call_count}", "number": t.display_number, "window": t.window.number if t.window else "",
             "called_at": timezone.localtime(t.called_at).strftime("%H:%M")}
            for t in calls
        ],
        "waiting": waiting,
    }
