"""The hall's admin screens: check-in desk, window calling screen, day list and .xlsx export,
and who may use them."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from queueing.models import Ticket, TicketStatus
from tests import factories
from tests.online_apply import builders as ob

from . import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(structure):
    return b.setup(capacity=5)


@pytest.fixture
def open_now(monkeypatch):
    """The hall counts as open whenever the test runs (walk-in tickets need opening hours)."""
    monkeypatch.setattr("queueing.services.is_open_now", lambda hall, now=None: True)


def staff_client(client, dept, username="w1"):
    client.force_login(ob.staff(username, dept))
    return client


def test_desk_walk_in_and_bad_code(client, world, open_now):
    item, hall, window, _ = world
    c = staff_client(client, item.department)
    page = c.get(f"/admin/queue/halls/{hall.pk}/desk/")
    assert page.status_code == 200 and "预约码或扫描预约二维码" in page.content.decode()
    response = c.post(f"/admin/queue/halls/{hall.pk}/desk/", {"action": "walk_in", "item": item.pk})
    assert response.status_code == 200 and "A001" in response.content.decode() and "<svg" in response.content.decode()
    bad = c.post(f"/admin/queue/halls/{hall.pk}/desk/", {"action": "check_in", "code": "<script>"})
    assert bad.status_code == 400 and "无法识别" in bad.content.decode()
    tampered = c.post(f"/admin/queue/halls/{hall.pk}/desk/", {"action": "walk_in", "item": "x"})
    assert tampered.status_code == 400 and "没有办理该事项的窗口" in tampered.content.decode()
    assert Ticket.objects.count() == 1


def test_window_screen_calls_and_serves(client, world, open_now):
    item, hall, window, _ = world
    c = staff_client(client, item.department)
    c.post(f"/admin/queue/halls/{hall.pk}/desk/", {"action": "walk_in", "item": item.pk})
    url = f"/admin/queue/windows/{window.pk}/"
    assert "叫下一位" in c.get(url).content.decode()
    c.post(url, {"action": "next"})
    screen = c.get(url).content.decode()
    assert "A001" in screen and f"/admin/cases/intake/item/{item.pk}/" in screen  # 窗口收件 for this item
    c.post(url, {"action": "transfer", "target": "999999"})
    c.post(url, {"action": "bogus"})
    assert Ticket.objects.get().status == TicketStatus.CALLED
    c.post(url, {"action": "serve"})
    ticket = Ticket.objects.get()
    assert ticket.status == TicketStatus.SERVED and ticket.wait_seconds is not None


def test_intake_opened_from_the_calling_screen_is_tied_to_the_ticket(client, world, open_now):
    from casework.models import Case
    from tests.online_apply.citizen_factories import ID_LI

    item, hall, window, _ = world
    c = staff_client(client, item.department)
    c.post(f"/admin/queue/halls/{hall.pk}/desk/", {"action": "walk_in", "item": item.pk})
    c.post(f"/admin/queue/windows/{window.pk}/", {"action": "next"})
    ticket = Ticket.objects.get()
    intake_url = f"/admin/cases/intake/item/{item.pk}/?ticket={ticket.pk}"
    assert intake_url in c.get(f"/admin/queue/windows/{window.pk}/").content.decode()
    form = c.get(intake_url).content.decode()
    assert "A001（A01号窗口叫号）" in form and f'<option value="{window.pk}" selected>' in form
    response = c.post(intake_url, {
        "applicant_type": "自然人", "applicant_name": "李四", "applicant_id_number": ID_LI,
        "applicant_phone": "13900001111", "materials": ["居民身份证申领登记表"], "mode": "accept", "window": window.pk,
        "delivery_method": "window",
    })
    assert response.status_code == 302, response.context["form"].errors
    assert Ticket.objects.get().case == Case.objects.get()
    # A tampered or stale ticket id is ignored: the intake still works, nothing else is tied.
    page = c.get(f"/admin/cases/intake/item/{item.pk}/?ticket={ticket.pk}")
    assert page.status_code == 200 and "data-intake-ticket" not in page.content.decode()
    assert c.get(f"/admin/cases/intake/item/{item.pk}/?ticket=x%00").status_code == 200


def test_other_departments_staff_cannot_call_here(client, world):
    item, hall, window, _ = world
    other = factories.department("县民政局", "mzj")
    c = staff_client(client, other, "w2")
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    response = c.get(f"/admin/queue/windows/{window.pk}/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert c.post(f"/admin/queue/windows/{window.pk}/", {"action": "next"}).status_code == 302
    assert window.number not in c.get("/admin/queue/").content.decode().split("窗口叫号")[-1]


def test_citizen_or_editor_cannot_open_the_desk(client, world, django_user_model):
    _, hall, _, _ = world
    client.force_login(b.citizen())
    assert client.get(f"/admin/queue/halls/{hall.pk}/desk/").status_code in (302, 403)


def test_day_list_exports_xlsx(client, world, open_now):
    item, hall, window, _ = world
    c = staff_client(client, item.department)
    c.post(f"/admin/queue/halls/{hall.pk}/desk/", {"action": "walk_in", "item": item.pk})
    page = c.get(f"/admin/queue/halls/{hall.pk}/day/")
    assert "A001" in page.content.decode()
    assert "日期格式" in c.get(f"/admin/queue/halls/{hall.pk}/day/", {"date": "2026-99-99"}, follow=True).content.decode()
    response = c.get(f"/admin/queue/halls/{hall.pk}/day/", {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A2"].value == "排队号" and sheet["A3"].value == "A001" and sheet["C3"].value == item.title


def test_booking_admin_lists_in_chinese(admin_client, world):
    assert "预约事项组" in admin_client.get("/admin/snippets/reservations/bookinggroup/").content.decode()
    assert admin_client.get("/admin/snippets/reservations/booking/").status_code == 200
    assert admin_client.get("/admin/settings/reservations/bookingsettings/").status_code in (200, 302)
