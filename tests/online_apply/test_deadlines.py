"""Deadline arithmetic across weekends, holidays, 调休 make-up days and clock stops."""

from datetime import date

import pytest

from casework import deadlines
from casework.models import Case, CaseStatus
from workdays.calendar import add_working_days, clear_cache
from workdays.models import CalendarDay


@pytest.fixture
def national_day_2024(db):
    """2024 国庆: 1–7 Oct off; Sun 29 Sep and Sat 12 Oct are 调休 working days."""
    CalendarDay.objects.filter(date__range=(date(2024, 9, 28), date(2024, 10, 13))).delete()
    for d in range(1, 8):
        CalendarDay.objects.create(date=date(2024, 10, d), is_working_day=False, name="国庆节")
    for d in (date(2024, 9, 29), date(2024, 10, 12)):
        CalendarDay.objects.create(date=d, is_working_day=True, name="国庆节调休")
    clear_cache()
    yield
    clear_cache()


def case(**fields):
    return Case(processing_kind="承诺件", promised_limit_days=5, **fields)


def test_deadline_skips_holiday_and_counts_make_up_days(national_day_2024):
    # Accepted Fri 27 Sep: 29 Sep (Sun 调休), 30 Sep, 8, 9, 10 Oct.
    c = case(acceptance_date=date(2024, 9, 27), status=CaseStatus.ACCEPTED)
    assert deadlines.effective_due_date(c) == date(2024, 10, 10)


def test_stopped_days_move_the_deadline(national_day_2024):
    c = case(acceptance_date=date(2024, 9, 27), stopped_working_days=2, status=CaseStatus.ACCEPTED)
    assert deadlines.effective_due_date(c) == date(2024, 10, 12)  # Sat 12 Oct is a 调休 working day


def test_days_left_due_soon_and_overdue(national_day_2024):
    c = case(acceptance_date=date(2024, 9, 27), status=CaseStatus.ACCEPTED, due_date=date(2024, 10, 10))
    assert deadlines.working_days_left(c, today=date(2024, 9, 30)) == 3
    assert not deadlines.is_due_soon(c, today=date(2024, 9, 30))
    assert deadlines.working_days_left(c, today=date(2024, 10, 5)) == 3  # holiday days do not count down
    assert deadlines.is_due_soon(c, today=date(2024, 10, 8))
    assert deadlines.overdue_days(c, today=date(2024, 10, 14)) == 3  # 11, 12 (调休), 14
    assert deadlines.working_days_left(c, today=date(2024, 10, 14)) == -3


def test_immediate_item_accepted_on_holiday_due_next_working_day(national_day_2024):
    assert add_working_days(date(2024, 10, 3), 0) == date(2024, 10, 8)


def test_send_deadline_reminders_once_per_day(db, tmp_path):
    from datetime import timedelta

    from django.core import mail
    from django.core.management import call_command
    from django.utils import timezone

    from tests import factories

    from . import builders as b

    b.use_tmp_private_storage(tmp_path)
    dept = factories.department("县住建局", "zjj")
    item = b.item(dept=dept)
    staff, sup = b.staff("window_zjj", dept), b.supervisor()
    today = timezone.localdate()
    soon = b.set_status(b.draft_case(item), CaseStatus.ACCEPTED, receipt_number="YS-SOON", acceptance_date=today, due_date=today)
    late = b.set_status(b.draft_case(item), CaseStatus.ACCEPTED, receipt_number="YS-LATE",
                        acceptance_date=today - timedelta(days=40), due_date=today - timedelta(days=10))
    call_command("send_deadline_reminders")
    recipients = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert (staff.email, "临近时限提醒：YS-SOON") in recipients
    assert (sup.email, "超期督办：YS-LATE") in recipients
    count = len(mail.outbox)
    call_command("send_deadline_reminders")
    assert len(mail.outbox) == count  # idempotent per day
    assert soon.reminders.count() == 1 and late.reminders.count() == 1


def test_seed_demo_activity_produces_every_state(db, tmp_path):
    from django.core.management import call_command

    from . import builders as b

    b.use_tmp_private_storage(tmp_path)
    for n, kind in enumerate(("承诺件", "即办件", "联办件", "报批件")):
        b.item(code=f"XK-330521-09{n:02d}", kind=kind, days=0 if kind == "即办件" else 10, title=f"演示事项{n}")
    call_command("seed_demo_activity", months=12, per_item=40, seed=7)
    states = set(Case.objects.values_list("status", flat=True))
    assert states == set(CaseStatus.values)
    from casework.models import CaseTransition

    assert CaseTransition.objects.filter(action="resubmit_corrections").exists()
    assert Case.objects.filter(status=CaseStatus.CLOSED).exclude(overdue_reason="").exists()


def test_overdue_mail_reaches_everyone_access_counts_as_supervisor(db):
    """Superusers and holders of supervise_case through any group are supervisors for the
    queue (access.is_supervisor), so they must get the overdue mail too."""
    from django.contrib.auth.models import Group, Permission, User

    from casework import access

    from . import builders as b

    in_group = b.supervisor("sup_group")
    admin = User.objects.create_superuser("root", "root@example.gov.cn", "x-Strong-pass-1")
    inspectors = Group.objects.create(name="纪检监察")
    inspectors.permissions.add(Permission.objects.get(codename="supervise_case"))
    via_other_group = User.objects.create_user("jijian", "jj@example.gov.cn", "x-Strong-pass-1")
    via_other_group.groups.add(inspectors)
    ordinary = User.objects.create_user("citizen", "c@example.com", "x-Strong-pass-1")

    mailed = set(access.supervisors())
    assert mailed == {in_group, admin, via_other_group}
    assert all(access.is_supervisor(User.objects.get(pk=u.pk)) for u in mailed)
    assert not access.is_supervisor(ordinary)
