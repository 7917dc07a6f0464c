"""Demo hall visits over the past working days: bookings (some no-shows) and queue tickets with
realistic waits, so the waiting figures and booking counts of the bulletin have data.

Like seed_demo_activity, this seed writes rows with past timestamps directly (the services only
ever use server time). Re-runnable: with --if-empty it does nothing once past visits exist.
"""

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from citizens.models import CitizenProfile
from halls.models import Hall
from halls.opening import periods_on
from queueing.models import PREFIX, PRIORITY, QueueCounter, Ticket, TicketKind, TicketStatus
from reservations.codes import new_code
from reservations.models import Booking, BookingStatus, Slot
from reservations.slots import group_for
from workdays.calendar import is_working_day


class Command(BaseCommand):
    help = "生成过去若干个工作日的演示到厅记录（预约、取号、叫号、等候时长），供月度通报使用。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=60, help="往前多少个日历日（默认 60）")
        parser.add_argument("--if-empty", action="store_true", help="已有历史到厅记录时不再生成")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, days, if_empty, seed, **options):
        today = timezone.localdate()
        if if_empty and Ticket.objects.filter(date__lt=today).exists():
            self.stdout.write("已有历史到厅记录，未重复生成。")
            return
        rng = random.Random(seed)
        citizens = list(CitizenProfile.objects.select_related("user")[:200])
        total = 0
        for hall in Hall.objects.filter(active=True).prefetch_related("windows__items"):
            windows = [w for w in hall.windows.all() if w.active and w.items.exists()]
            if not windows:
                continue
            for offset in range(days, 0, -1):
                day = today - datetime.timedelta(days=offset)
                periods = periods_on(hall, day)
                if periods and is_working_day(day) and not Ticket.objects.filter(hall=hall, date=day).exists():
                    total += self._day(rng, hall, day, periods, windows, citizens)
        self.stdout.write(f"演示到厅记录：新建排队号 {total} 个。")

    @transaction.atomic
    def _day(self, rng, hall, day, periods, windows, citizens):
        count = rng.randint(8, 20) if not hall.is_main else rng.randint(25, 45)
        moments = sorted(_moment(rng, day, rng.choice(periods)) for _ in range(count))
        start = (Ticket.objects.filter(hall=hall, date=day).aggregate(m=Max("number"))["m"] or 0) + 1
        for number, issued in enumerate(moments, start=start):
            window = rng.choice(windows)
            item = rng.choice(list(window.items.all()))
            booking = self._booking(rng, hall, item, issued, citizens) if rng.random() < 0.3 else None
            kind = TicketKind.BOOKED if booking else TicketKind.WALK_IN
            wait = rng.randint(60, 600 if booking else 2400)
            called = issued + datetime.timedelta(seconds=wait)
            no_show = rng.random() < 0.05
            Ticket.objects.create(
                hall=hall, date=day, number=number, display_number=f"{PREFIX[kind]}{number:03d}", kind=kind,
                priority=PRIORITY[kind], item=item, department=window.department, booking=booking,
                status=TicketStatus.NO_SHOW if no_show else TicketStatus.SERVED, window=window,
                issued_at=issued, first_called_at=called, called_at=called, call_count=2 if no_show else 1,
                finished_at=called + datetime.timedelta(minutes=rng.randint(3, 20)), wait_seconds=wait,
            )
        QueueCounter.objects.update_or_create(hall=hall, date=day, defaults={"last_number": start + count - 1})
        # A few booked citizens never came (爽约): bookings without a ticket.
        for _ in range(rng.randint(0, 2)):
            missed = self._booking(rng, hall, rng.choice(list(rng.choice(windows).items.all())), moments[0], citizens)
            if missed:
                Booking.objects.filter(pk=missed.pk).update(status=BookingStatus.NO_SHOW, checked_in_at=None)
        return count

    def _booking(self, rng, hall, item, moment, citizens):
        group = group_for(item)
        if group is None or not citizens:
            return None
        local = timezone.localtime(moment)
        start = local.replace(minute=0 if local.minute < 30 else 30, second=0, microsecond=0)
        end = start + datetime.timedelta(minutes=group.slot_minutes)
        slot, _ = Slot.objects.get_or_create(
            hall=hall, group=group, date=local.date(), start=start.time(),
            defaults={"end": end.time(), "capacity": group.capacity},
        )
        if slot.booked >= slot.capacity:
            return None
        Slot.objects.filter(pk=slot.pk).update(booked=slot.booked + 1)
        profile = rng.choice(citizens)
        return Booking.objects.create(
            code=new_code(), citizen=profile.user, item=item, slot=slot, status=BookingStatus.CHECKED_IN,
            phone=profile.phone, request_token=f"demo-{new_code()}", created_at=moment - datetime.timedelta(days=rng.randint(1, 7)),
            checked_in_at=moment,
        )


def _moment(rng, day, period):
    """A check-in time inside period, leaving 20 minutes before it ends."""
    opens = datetime.datetime.combine(day, period.start)
    span = int((datetime.datetime.combine(day, period.end) - opens).total_seconds() // 60)
    return timezone.make_aware(opens) + datetime.timedelta(minutes=rng.randint(0, max(span - 20, 1)))
