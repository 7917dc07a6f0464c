"""Halls and windows in the admin (Chinese), and guide pages reading windows and hours from them."""

import pytest

from halls.demo import ensure_demo_halls, window_numbers
from halls.models import Hall, Window
from tests import factories

from . import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(username="admin", password="Admin-pass-2025"))
    return client


def test_admin_creates_hall_with_sessions_and_refuses_bad_times(admin_client, structure):
    base = {
        "name": "城西分中心", "code": "west", "address": "城西路 1 号", "sort_order": "100", "active": "on",
        "sessions-TOTAL_FORMS": "1", "sessions-INITIAL_FORMS": "0", "sessions-MIN_NUM_FORMS": "0", "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-kind": "regular", "sessions-0-weekday": "", "sessions-0-start": "14:00", "sessions-0-end": "09:00",
        "sessions-0-ORDER": "1",
        "closures-TOTAL_FORMS": "0", "closures-INITIAL_FORMS": "0", "closures-MIN_NUM_FORMS": "0", "closures-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post("/admin/snippets/halls/hall/add/", base)
    assert response.status_code == 200
    assert "结束时间必须晚于开始时间" in response.content.decode()
    assert not Hall.objects.filter(code="west").exists()
    response = admin_client.post("/admin/snippets/halls/hall/add/", {**base, "sessions-0-start": "09:00", "sessions-0-end": "12:00"})
    assert response.status_code == 302
    hall = Hall.objects.get(code="west")
    assert hall.hours_summary() == "工作日 09:00–12:00"


def test_window_admin_lists_in_chinese(admin_client, structure):
    hall = b.hall()
    b.window(hall, "A01")
    response = admin_client.get("/admin/snippets/halls/window/")
    body = response.content.decode()
    assert response.status_code == 200 and "窗口号" in body and "A01" in body


def test_window_number_unique_within_hall(admin_client, structure):
    hall = b.hall()
    b.window(hall, "A01")
    dept = factories.department()
    response = admin_client.post("/admin/snippets/halls/window/add/", {
        "hall": hall.pk, "number": "A01", "name": "", "department": dept.pk, "sort_order": "1", "active": "on",
    })
    assert response.status_code == 200 and Window.objects.count() == 1


def test_guide_page_shows_windows_and_hall_hours_with_old_text_as_note(client, structure):
    item = factories.service_item(window="原A01号窗口", hours="")
    hall = b.hall()
    b.window(hall, "A01", items=[item])
    b.window(hall, "A02", items=[item])
    b.window(b.hall("east", "城东分中心", is_main=False), "1", items=[item], name="便民")
    body = client.get(item.url).content.decode()
    assert "A01、A02号窗口（户政业务）" in body and "示范县政务服务中心，示范县人民大道 1 号" in body
    assert "工作日 09:00–12:00、14:00–18:00" in body
    assert "1号窗口（便民）" in body and "说明：原A01号窗口" in body


def test_guide_page_without_window_records_keeps_free_text(client, structure):
    item = factories.service_item(window="A09号窗口", hours="工作日全天")
    body = client.get(item.url).content.decode()
    assert "A09号窗口" in body and "工作日全天" in body


def test_demo_windows_from_catalogue_text(structure):
    assert window_numbers("A01-A06号窗口") == ["A01", "A02", "A03", "A04", "A05", "A06"]
    assert window_numbers("F01号窗口") == ["F01"] and window_numbers("") == []
    item = factories.service_item(window="A07-A08号窗口", location="县政务服务中心一楼A区（交管车驾管）")
    assert ensure_demo_halls() == (2, 2)
    assert ensure_demo_halls() == (0, 0)  # idempotent
    window = Window.objects.get(number="A07")
    assert window.name == "交管车驾管" and list(window.items.all()) == [item]
    saturday = Hall.objects.get(code="main").sessions.get(weekday=5)
    assert [w.number for w in saturday.windows.all()] == ["A07"]
