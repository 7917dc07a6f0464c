"""Which slots can be booked: only in a hall with an active window for the item, on days and
in periods the hall is open (halls.opening: working days, 调休, extra sessions, closures),
within the booking horizon, and not yet started."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from halls.models import Hall, Window
from halls.opening import periods_on
from workdays.calendar import add_working_days

from .models import BookingGroup, BookingSettings, Slot

KEY = re.compile(r"^(\d{1,9})-(\d{8})-(\d{4})$")


class SlotUnavailable(Exception):
    """A slot key that does not name a bookable slot (past, closed day, tampered id…)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SlotChoice:
    hall: Hall
    date: datetime.date
    start: datetime.time
    end: datetime.time
    capacity: int
    booked: int

    @property
    def key(self):
        return slot_key(self.hall.pk, self.date, self.start)

    @property
    def remaining(self):
        return max(self.capacity - self.booked, 0)


def slot_key(hall_id, day, start):
    return f"{hall_id}-{day:%Y%m%d}-{start:%H%M}"


def group_for(item):
    """The active booking group of item, or None (then it cannot be booked online)."""
    return BookingGroup.objects.filter(items=item, active=True).order_by("pk").first()


def is_bookable(item):
    """What the 预约办理 button promises: a reservable, in-use item with a group and a window."""
    return bool(
        item.is_reservable and item.status == "在用" and group_for(item) is not None
        and Window.objects.filter(items=item, active=True, hall__active=True).exists()
    )


def halls_for(item):
    return Hall.objects.filter(active=True, windows__items=item, windows__active=True).distinct().order_by(
        "-is_main", "sort_order", "name"
    )


def _item_window_ids(hall, item):
    return set(Window.objects.filter(hall=hall, items=item, active=True).values_list("pk", flat=True))


def last_bookable_day(today=None):
    today = today or timezone.localdate()
    return add_working_days(today, BookingSettings.current().horizon_working_days)


def slots_on(hall, item, group, day, now=None):
    """The SlotChoices of one day (not yet started), with places already booked."""
    now = now or timezone.now()
    window_ids = _item_window_ids(hall, item)
    booked = {
        row.start: row
        for row in Slot.objects.filter(hall=hall, group=group, date=day)
    }
    step = datetime.timedelta(minutes=group.slot_minutes)
    choices = []
    for period in periods_on(hall, day):
        if not window_ids or not period.serves(window_ids):
            continue
        start = datetime.datetime.combine(day, period.start)
        while start + step <= datetime.datetime.combine(day, period.end):
            if timezone.make_aware(start) > now:
                row = booked.get(start.time())
                choices.append(SlotChoice(
                    hall, day, start.time(), (start + step).time(),
                    row.capacity if row else group.capacity, row.booked if row else 0,
                ))
            start += step
    return choices


def bookable_days(hall, item, group, now=None):
    """[(date, free places)] from today to the horizon, days with at least one future slot."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days, day = [], today
    last = last_bookable_day(today)
    while day <= last:
        choices = slots_on(hall, item, group, day, now)
        if choices:
            days.append((day, sum(c.remaining for c in choices)))
        day += datetime.timedelta(days=1)
    return days


def find_choice(item, key, now=None):
    """The SlotChoice named by key for item; SlotUnavailable (in Chinese) otherwise."""
    now = now or timezone.now()
    match = KEY.match(key or "")
    if not match:
        raise SlotUnavailable("预约时段无效，请重新选择。")
    hall = halls_for(item).filter(pk=int(match.group(1))).first()
    if hall is None:
        raise SlotUnavailable("该大厅不办理此事项，请重新选择大厅。")
    try:
        day = datetime.datetime.strptime(match.group(2), "%Y%m%d").date()
        start = datetime.datetime.strptime(match.group(3), "%H%M").time()
    except ValueError:
        raise SlotUnavailable("预约时段无效，请重新选择。") from None
    group = group_for(item)
    if group is None:
        raise SlotUnavailable("该事项暂未开放网上预约。")
    if day < timezone.localdate(now) or timezone.make_aware(datetime.datetime.combine(day, start)) <= now:
        raise SlotUnavailable("该时段已经开始或已过去，请选择以后的时段。")
    if day > last_bookable_day(timezone.localdate(now)):
        raise SlotUnavailable("该日期尚未开放预约，请在可预约范围内选择。")
    for choice in slots_on(hall, item, group, day, now):
        if choice.start == start:
            return choice
    if not periods_on(hall, day):
        raise SlotUnavailable(f"{day:%Y年%m月%d日}大厅不对外办公（节假日、周末或闭厅），请选择其他日期。")
    raise SlotUnavailable("该时段不在大厅开放时间内，请重新选择。")


def ensure_slot(choice, group):
    """The Slot row for choice, created if missing (safe when many create it at once)."""
    slot, _ = Slot.objects.get_or_create(
        hall=choice.hall, group=group, date=choice.date, start=choice.start,
        defaults={"end": choice.end, "capacity": group.capacity},
    )
    return slot
