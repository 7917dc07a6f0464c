"""Builders for booking and queue tests. Fixed dates and times, never random."""

import datetime

from django.utils import timezone

from reservations.models import BookingGroup
from tests import factories
from tests.halls import builders as hb
from tests.online_apply import citizen_factories

# Monday 7 December 2026, 08:00 in the hall's time zone: a plain working week ahead.
MONDAY = datetime.date(2026, 12, 7)


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def key(hall, day, hour, minute=0):
    return f"{hall.pk}-{day:%Y%m%d}-{hour:02d}{minute:02d}"


def setup(capacity=5, slot_minutes=30, code="QR-330521-0001", title="居民身份证申领"):
    """An item booked in a main hall at window A01, in a group with the given capacity."""
    item = factories.service_item(title=title, code=code, is_reservable=True)
    hall = hb.hall()
    window = hb.window(hall, "A01", items=[item], dept=item.department)
    group = BookingGroup.objects.create(name=f"{title}组", slot_minutes=slot_minutes, capacity=capacity)
    group.items.add(item)
    return item, hall, window, group


def citizen(n=0):
    """Distinct citizens with valid phone numbers; n=0 is 张三."""
    if n == 0:
        return citizen_factories.citizen()
    return citizen_factories.citizen(
        username=f"c{n:03d}", phone=f"139{n:08d}", real_name="李四", id_number=citizen_factories.ID_LI,
    )
