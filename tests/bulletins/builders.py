"""Cases with explicit historical dates for the bulletin tests.

The services only ever use server time, so these fixtures write the rows directly, the way the
demo seeding does; every date is chosen so that the expected figures can be worked out by hand
(see test_metrics.py).
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from casework.models import Case, CaseStatus, CaseTransition, Channel, ClockStop, StopReason
from tests import factories
from tests.halls import builders as hall_builders
from tests.online_apply import builders as apply_builders
from workdays.calendar import add_working_days, working_days_between


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def department(name, code, sort_order):
    return factories.department(name=name, code=code, sort_order=sort_order)


def item(code, kind, days, dept, title):
    return factories.service_item(
        title=title, code=code, dept=dept, processing_kind=kind, promised_limit_days=days,
        legal_limit_days=max(days, 1) * 2 if days else None,
    )


def case(service_item, *, submitted, accepted=None, closed=None, online=True, corrections=0, pre_reviewed=True,
         rejected=None, stop=None, status=None, window=None):
    """One case, with the record fields the case core stores at each step (submitted_on,
    closed_on, closed_late, working_days_used). `stop` = (started_on, ended_on or None)."""
    stopped_days = working_days_between(stop[0], stop[1]) if stop and stop[1] else 0
    due = add_working_days(accepted, service_item.promised_limit_days + stopped_days) if accepted else None
    if status is None:
        status = CaseStatus.CLOSED if closed else CaseStatus.REJECTED if rejected else CaseStatus.ACCEPTED
    row = Case.objects.create(
        item=service_item, department=service_item.department, processing_kind=service_item.processing_kind,
        promised_limit_days=service_item.promised_limit_days, applicant=apply_builders.applicant(),
        applicant_name="张三", applicant_id_number="330521199001011237", applicant_phone="13800000001",
        declaration_accepted=True, channel=Channel.ONLINE if online else Channel.WINDOW, status=status,
        item_code=service_item.item_code, window=window, submitted_at=at(submitted, 9), submitted_on=submitted,
        pre_reviewed_at=at(submitted, 11) if pre_reviewed and accepted else None, correction_rounds=corrections,
        accepted_at=at(accepted) if accepted else None, acceptance_date=accepted, due_date=due,
        closed_at=at(closed, 15) if closed else None, closed_on=closed, closed_late=bool(closed and closed > due),
        working_days_used=working_days_between(accepted, closed) - stopped_days if closed else None,
        stopped_working_days=stopped_days,
    )
    if rejected:
        CaseTransition.objects.create(case=row, action="reject", from_status=CaseStatus.SUBMITTED,
                                      to_status=CaseStatus.REJECTED, actor_name="窗口", at=at(rejected))
    if stop:
        reason, _ = StopReason.objects.get_or_create(name="现场踏勘", defaults={"max_working_days": 10})
        ClockStop.objects.create(case=row, reason=reason, approved_by="分管主任", started_on=stop[0], ended_on=stop[1],
                                 working_days=stopped_days)
    return row


def november_2025():
    """The hand-computed fixture of test_metrics: departments A (公安), B (民政), C (档案, no cases)."""
    a = department("县公安局", "gaj", 1)
    b = department("县民政局", "mzj", 2)
    department("县档案馆", "daj", 3)
    a1 = item("XK-330521-0001", "即办件", 0, a, "户口迁移")
    a2 = item("XK-330521-0002", "承诺件", 10, a, "户口登记项目变更")
    b1 = item("XK-330521-0003", "承诺件", 5, b, "婚姻登记档案查询")
    the_hall = hall_builders.hall()
    wa = hall_builders.window(the_hall, "A01", dept=a, name="户政业务")
    wb = hall_builders.window(the_hall, "B01", dept=b, name="婚姻登记")
    d = date

    def case_a(*args, **kwargs):
        return case(*args, window=wa, **kwargs)

    def case_b(*args, **kwargs):
        return case(*args, window=wb, **kwargs)

    cases = {
        "c1": case_a(a1, submitted=d(2025, 11, 3), accepted=d(2025, 11, 3), closed=d(2025, 11, 3)),
        "c2": case_a(a1, submitted=d(2025, 11, 4), accepted=d(2025, 11, 4), closed=d(2025, 11, 5), online=False),
        "c3": case_a(a2, submitted=d(2025, 10, 27), accepted=d(2025, 10, 28), closed=d(2025, 11, 6)),
        "c4": case_a(a2, submitted=d(2025, 11, 3), accepted=d(2025, 11, 3), closed=d(2025, 11, 21),
                   stop=(d(2025, 11, 10), d(2025, 11, 14))),
        "c5": case_b(b1, submitted=d(2025, 11, 3), accepted=d(2025, 11, 3), closed=d(2025, 11, 12), corrections=1),
        "c6": case_b(b1, submitted=d(2025, 11, 14), accepted=d(2025, 11, 17)),
        "c7": case_b(b1, submitted=d(2025, 11, 20), rejected=d(2025, 11, 21), corrections=1),
        "c8": case_b(b1, submitted=d(2025, 11, 21), accepted=d(2025, 11, 24), closed=d(2025, 11, 25)),
        "c9": case_a(a2, submitted=d(2025, 11, 27), accepted=d(2025, 11, 28), closed=d(2025, 12, 2)),
        "c10": case_a(a1, submitted=d(2025, 10, 15), accepted=d(2025, 10, 15), closed=d(2025, 10, 15)),
        "c11": case_a(a1, submitted=d(2024, 11, 5), accepted=d(2024, 11, 5), closed=d(2024, 11, 5)),
        "c12": case_b(b1, submitted=d(2025, 10, 17), accepted=d(2025, 10, 20), stop=(d(2025, 10, 27), d(2025, 11, 4))),
    }
    return {"a": a, "b": b, "items": (a1, a2, b1), "windows": (wa, wb), **cases}


def rating(dept, overall, on, *, item=None, window="", set_aside=False, rectification=None):
    """A counted (or set-aside) rating; `rectification` = (due_date, rectified_on or None)."""
    from ratings.models import Channel, Rating, RatingStatus, Rectification, RectificationStatus

    row = Rating.objects.create(
        channel=Channel.HALL, department=dept, item=item, window=window, overall=overall, created_at=at(on),
        status=RatingStatus.SET_ASIDE if set_aside else RatingStatus.COUNTED,
    )
    if rectification:
        due, done = rectification
        Rectification.objects.create(
            rating=row, department=dept, opened_on=on, due_date=due,
            status=RectificationStatus.RECTIFIED if done else RectificationStatus.OPEN,
            rectified_at=at(done, 16) if done else None,
        )
    return row


def letter(letter_type, received_on, due_date, *, dept=None, replied_on=None, on_time=None, finding=""):
    """A registered letter whose dates are then set as the test needs them."""
    from letters import services
    from letters.models import Letter, LetterStatus

    row = services.register(letter_type=letter_type, channel="online", subject="来信", content=f"来信内容 {received_on} {letter_type} {dept}",
                            related_department=dept)
    Letter.objects.filter(pk=row.pk).update(
        received_on=received_on, due_date=due_date, first_replied_on=replied_on, answered_on_time=on_time, finding=finding,
        status=LetterStatus.REPLIED if replied_on else LetterStatus.ROUTED,
    )
    return row


def november_2025_feedback(fx):
    """Ratings and letters for departments A and B (hand-computed in test_feedback_metrics)."""
    a, b, d = fx["a"], fx["b"], date
    rating(a, 5, d(2025, 11, 5), window="A01")
    rating(a, 3, d(2025, 11, 6), window="A01")
    rating(a, 2, d(2025, 11, 7), window="A01", rectification=(d(2025, 11, 28), d(2025, 11, 20)))
    rating(b, 1, d(2025, 11, 10), window="B01", rectification=(d(2025, 11, 25), d(2025, 11, 27)))
    rating(b, 4, d(2025, 11, 11), window="B01", set_aside=True)
    rating(a, 5, d(2025, 10, 20), window="A01")
    letter("complaint", d(2025, 11, 3), d(2025, 11, 24), dept=a, replied_on=d(2025, 11, 10), on_time=True, finding="substantiated")
    letter("complaint", d(2025, 11, 5), d(2025, 11, 26), dept=b)
    letter("consultation", d(2025, 11, 10), d(2025, 11, 20), dept=a, replied_on=d(2025, 11, 21), on_time=False)
    letter("complaint", d(2025, 11, 25), d(2025, 12, 16), dept=a)
    letter("suggestion", d(2025, 11, 12), d(2025, 12, 3), replied_on=d(2025, 11, 14), on_time=True)


def _slot(the_hall, group, day, hour):
    from reservations.models import Slot

    slot, _ = Slot.objects.get_or_create(hall=the_hall, group=group, date=day, start=time(hour),
                                         defaults={"end": time(hour, 30), "capacity": 5})
    return slot


def booking(group, service_item, day, status, *, hour=9):
    """One booking of `service_item` for the slot at `hour` on `day`, in the given status."""
    from reservations.models import Booking

    the_hall = hall_builders.hall()
    n = Booking.objects.count() + 1
    return Booking.objects.create(
        code=f"BK{n:08d}", citizen=apply_builders.applicant(), item=service_item, slot=_slot(the_hall, group, day, hour),
        status=status, request_token=f"fixture-{n}", created_at=at(day, 8),
        checked_in_at=at(day, hour) if status == "checked_in" else None,
    )


def ticket(dept, service_item, window, day, wait_seconds, *, booking=None):
    """A queue ticket on `day`; `wait_seconds` None = not called yet."""
    from queueing.models import Ticket, TicketKind, TicketStatus

    the_hall = hall_builders.hall()
    number = Ticket.objects.filter(hall=the_hall, date=day).count() + 1
    kind = TicketKind.BOOKED if booking else TicketKind.WALK_IN
    issued = at(day, 9)
    called = issued + timedelta(seconds=wait_seconds) if wait_seconds is not None else None
    return Ticket.objects.create(
        hall=the_hall, date=day, number=number, display_number=f"A{number:03d}", kind=kind, department=dept,
        item=service_item, window=window, booking=booking, issued_at=issued, first_called_at=called, called_at=called,
        wait_seconds=wait_seconds, status=TicketStatus.SERVED if called else TicketStatus.WAITING,
    )


def november_2025_visits(fx):
    """Bookings and tickets for departments A and B (hand-computed in test_visit_metrics)."""
    from reservations.models import BookingGroup

    a, b, d = fx["a"], fx["b"], date
    a1, a2, b1 = fx["items"]
    wa, wb = fx["windows"]
    group = BookingGroup.objects.create(name="户政婚姻组")
    b_1 = booking(group, a1, d(2025, 11, 5), "checked_in")
    booking(group, a2, d(2025, 11, 6), "no_show")
    booking(group, a1, d(2025, 11, 7), "cancelled")
    b_4 = booking(group, b1, d(2025, 11, 10), "checked_in")
    booking(group, b1, d(2025, 11, 28), "booked")  # not marked yet: a booking, not settled
    booking(group, a1, d(2025, 10, 20), "no_show")  # October
    booking(group, a1, d(2025, 12, 1), "booked", hour=10)  # December
    ticket(a, a1, wa, d(2025, 11, 5), 300, booking=b_1)
    ticket(a, a2, wa, d(2025, 11, 5), 900)
    ticket(b, b1, wb, d(2025, 11, 10), 120, booking=b_4)
    ticket(b, b1, wb, d(2025, 11, 10), None)
    ticket(a, a1, wa, d(2025, 10, 31), 600)  # October
