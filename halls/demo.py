"""Demo halls and windows for `setup_portal --demo`, derived from the demo catalogue.

The demo items carry their old free-text window (“A01-A06号窗口”) and location (“…（公安户政）”);
each numbered window becomes a Window record serving those items, so the guide pages, bookings
and queue all run on real records. Idempotent: existing halls and windows are left as they are.
"""

import datetime
import re

from django.db import transaction

from guides.models import ServiceItemPage

from .models import Hall, HallSession, SessionKind, Window

MAIN_HALL = {"code": "main", "name": "示范县政务服务中心", "is_main": True,
             "address": "示范县人民大道 1 号", "phone": "0573-87120000", "directions": "公交 1、5、12 路政务中心站"}
BRANCH_HALL = {"code": "east", "name": "城东便民服务分中心", "is_main": False, "sort_order": 200,
               "address": "示范县城东街道振兴路 88 号", "phone": "0573-87125000", "directions": "公交 3 路振兴路站"}
# Saturday morning rotation (demo notice “户政、交管窗口周六上午轮值”).
SATURDAY_ROTATION = ("A01", "A02", "A07")
# The branch hall handles a few everyday items of these departments.
# (number, name, item codes); the window's department is the first item's.
BRANCH_WINDOWS = [("1", "户政便民", ["QR-330521-0001", "QR-330521-0002"]),
                  ("2", "社保医保", ["GG-330521-0005", "GG-330521-0006"])]

RANGE = re.compile(r"([A-Z])(\d+)(?:\s*[-–]\s*[A-Z]?(\d+))?号窗口")
AREA_NAME = re.compile(r"（([^）]+)）\s*$")


def window_numbers(text):
    """“A01-A06号窗口” → ["A01", …, "A06"]; “F01号窗口” → ["F01"]."""
    match = RANGE.search(text or "")
    if not match:
        return []
    letter, first, last = match.group(1), int(match.group(2)), int(match.group(3) or match.group(2))
    width = len(match.group(2))
    return [f"{letter}{n:0{width}d}" for n in range(first, min(last, first + 20) + 1)]


def _hall(fields):
    fields = dict(fields)
    hall, created = Hall.objects.get_or_create(code=fields.pop("code"), defaults=fields)
    return hall, created


@transaction.atomic
def ensure_demo_halls():
    """Create the demo halls and windows that are missing. Returns (halls, windows) created."""
    main, main_created = _hall(MAIN_HALL)
    branch, branch_created = _hall(BRANCH_HALL)
    windows_created = 0
    for item in ServiceItemPage.objects.select_related("department").order_by("item_code"):
        area = AREA_NAME.search(item.location or "")
        for number in window_numbers(item.window):
            window, created = Window.objects.get_or_create(
                hall=main, number=number,
                defaults={"department": item.department, "name": area.group(1) if area else "",
                          "sort_order": int(re.sub(r"\D", "", number) or 0)},
            )
            windows_created += created
            if created or window.department_id == item.department_id:
                window.items.add(item)
    for number, name, codes in BRANCH_WINDOWS:
        items = list(ServiceItemPage.objects.filter(item_code__in=codes))
        if not items:
            continue
        window, created = Window.objects.get_or_create(
            hall=branch, number=number, defaults={"department": items[0].department, "name": name},
        )
        windows_created += created
        if created:
            window.items.add(*items)
    if main_created:
        rotation = HallSession(hall=main, kind=SessionKind.EXTRA, weekday=5,
                               start=datetime.time(9, 0), end=datetime.time(12, 0))
        rotation.windows = list(Window.objects.filter(hall=main, number__in=SATURDAY_ROTATION))
        rotation.save()
    if branch_created:
        # The branch hall closes at 17:00 (its own regular sessions replace the default).
        for start, end in ((datetime.time(9, 0), datetime.time(12, 0)), (datetime.time(14, 0), datetime.time(17, 0))):
            HallSession.objects.create(hall=branch, kind=SessionKind.REGULAR, start=start, end=end)
    return main_created + branch_created, windows_created
