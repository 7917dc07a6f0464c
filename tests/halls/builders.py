"""Explicit builders for halls, windows and sessions (used by the reservations tests too)."""

import datetime

from halls.models import Hall, HallClosure, HallSession, SessionKind, Window
from tests import factories


def hall(code="main", name="示范县政务服务中心", **fields):
    defaults = {"name": name, "address": "示范县人民大道 1 号", "is_main": True}
    defaults.update(fields)
    return Hall.objects.get_or_create(code=code, defaults=defaults)[0]


def window(the_hall, number="A01", items=(), dept=None, name="户政业务"):
    w = Window.objects.create(hall=the_hall, number=number, name=name, department=dept or factories.department())
    w.items.add(*items)
    return w


def session(the_hall, start=(9, 0), end=(12, 0), kind=SessionKind.REGULAR, weekday=None, windows=()):
    row = HallSession(hall=the_hall, kind=kind, weekday=weekday, start=datetime.time(*start), end=datetime.time(*end))
    row.windows = list(windows)
    row.save()
    return row


def closure(the_hall, start, end, reason="系统升级"):
    return HallClosure.objects.create(hall=the_hall, start_date=start, end_date=end, reason=reason)
