"""The 工作日历 admin screens: list filters, and an administrator's entry for a future year."""

from datetime import date

import pytest

from workdays.calendar import add_working_days, is_working_day
from workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="admin", password="Admin-pass-2025")
    client.force_login(user)
    return client


def test_list_filters_by_year_and_kind(admin_client):
    response = admin_client.get("/admin/work_calendar/", {"year": "2025", "is_working_day": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "国庆节调休上班" in body and "春节调休上班" in body
    rows = list(response.context["object_list"])
    assert rows and all(row.is_working_day and row.date.year == 2025 for row in rows)


def test_admin_enters_a_future_holiday_and_deadlines_move(admin_client):
    first_of_may = date(2031, 5, 1)  # Thursday
    assert add_working_days(date(2031, 4, 30), 1) == first_of_may
    response = admin_client.post(
        "/admin/work_calendar/new/", {"date": "2031-05-01", "is_working_day": "", "name": "劳动节"},
    )
    assert response.status_code == 302
    row = CalendarDay.objects.get(date=first_of_may)
    assert row.source == CalendarDay.SOURCE_ADMIN and row.edited_by_admin
    assert not is_working_day(first_of_may)
    assert add_working_days(date(2031, 4, 30), 1) == date(2031, 5, 2)


def test_editing_a_seeded_row_marks_it_as_admin(admin_client):
    row = CalendarDay.objects.get(date=date(2025, 10, 8))
    assert row.source == CalendarDay.SOURCE_PACKAGE
    response = admin_client.post(
        f"/admin/work_calendar/edit/{row.pk}/", {"date": "2025-10-08", "is_working_day": "on", "name": "本县照常上班"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.source == CalendarDay.SOURCE_ADMIN and row.is_working_day
    assert is_working_day(date(2025, 10, 8))


def test_duplicate_date_is_a_form_error(admin_client):
    response = admin_client.post("/admin/work_calendar/new/", {"date": "2025-10-01", "is_working_day": "", "name": "重复"})
    assert response.status_code == 200
    assert CalendarDay.objects.filter(date=date(2025, 10, 1)).count() == 1


def test_help_text_explains_the_publication_schedule(admin_client):
    assert "国务院办公厅" in admin_client.get("/admin/work_calendar/new/").content.decode()
