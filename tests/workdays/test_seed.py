"""seed_work_calendar: idempotent, and an administrator's edit always wins."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from workdays.models import CalendarDay
from workdays.seeding import package_years

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("seed_work_calendar", *args, stdout=out)
    return out.getvalue()


def test_migration_seeded_every_package_year():
    seeded = set(CalendarDay.objects.filter(source=CalendarDay.SOURCE_PACKAGE).dates("date", "year"))
    assert {d.year for d in seeded} == set(package_years())


def test_seed_is_idempotent():
    before = list(CalendarDay.objects.order_by("date").values_list("date", "is_working_day", "name", "source"))
    assert "新增 0 天，更新 0 天" in run()
    after = list(CalendarDay.objects.order_by("date").values_list("date", "is_working_day", "name", "source"))
    assert before == after


def test_seed_restores_a_deleted_package_row():
    CalendarDay.objects.filter(date=date(2025, 10, 1)).delete()
    assert "新增 1 天" in run("--year", "2025")
    assert CalendarDay.objects.get(date=date(2025, 10, 1)).name == "国庆节"


def test_seed_never_overwrites_an_admin_edit():
    # A local decision: the county keeps its hall open on 2025-10-08 (recorded by an administrator).
    row = CalendarDay.objects.get(date=date(2025, 10, 8))
    row.is_working_day, row.name, row.source = True, "本县窗口照常上班", CalendarDay.SOURCE_ADMIN
    row.save()
    assert "保留管理员修改 1 天" in run("--year", "2025")
    row.refresh_from_db()
    assert (row.is_working_day, row.name, row.source) == (True, "本县窗口照常上班", "admin")


def test_unknown_year_is_a_clear_error():
    with pytest.raises(CommandError, match="没有 2099 年的安排"):
        run("--year", "2099")
