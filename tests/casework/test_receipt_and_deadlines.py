"""The receipt never changes after first submission; pre-review and correction deadlines come
from the configured periods, in working days, across holidays; closing stores its figures."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import clock, deadlines, services
from casework.models import CaseStatus, CaseworkSettings
from tests import factories
from tests.online_apply import builders as b
from tests.online_apply.citizen_factories import citizen


def at(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def env(db, tmp_path, structure):
    b.use_tmp_private_storage(tmp_path)
    dept = factories.department("县住建局", "zjj")
    return {"item": b.item(dept=dept, days=5), "staff": b.staff("window_zjj", dept)}


def receipt_article(html):
    """The receipt itself, without the page around it (header, session time-out notice)."""
    start = html.index('<article class="receipt"')
    return html[start:html.index("</article>", start)]


def test_receipt_and_first_submission_survive_a_correction_round(env, client):
    user = citizen()
    with clock.replaying(at(2025, 9, 29, 10, 0)):
        case = b.draft_case(env["item"], user)
        services.submit(case, user)
    first_at, number, snapshot = case.submitted_at, case.receipt_number, dict(case.receipt_snapshot)
    client.force_login(user)
    before = receipt_article(client.get(reverse("online_apply:receipt", args=[case.pk])).content.decode())

    with clock.replaying(at(2025, 9, 30, 9, 0)):
        services.request_corrections(case, env["staff"], [("申请表", "缺少签字")])
    with clock.replaying(at(2025, 10, 9, 15, 0)):
        case.materials.filter(material_name="申请表").update(superseded=True)
        row = b.upload_file(case, case.item.materials.get(name="申请表"))
        row.original_name = "申请表-已签字.pdf"
        row.save()
        services.resubmit_corrections(case, user)

    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert case.submitted_at == first_at and case.receipt_number == number and case.receipt_snapshot == snapshot
    assert case.submitted_on.isoformat() == "2025-09-29"
    after = receipt_article(client.get(reverse("online_apply:receipt", args=[case.pk])).content.decode())
    assert after == before  # byte for byte: the receipt never changes (the page around it may: session notice)
    assert "申请表-已签字.pdf" not in after
    # The resubmission is a transition of its own, with the new file named in the timeline.
    last = case.transitions.last()
    assert last.action == "resubmit_corrections" and "申请表-已签字.pdf" in last.note
    assert last.at == at(2025, 10, 9, 15, 0)


def test_pre_review_deadline_counts_working_days_across_national_day(env):
    case = b.draft_case(env["item"])
    # Submitted Tuesday 2025-09-30; 5 working days: Oct 9, 10, 11 (调休 Saturday), 13, 14.
    with clock.replaying(at(2025, 9, 30, 16, 0)):
        services.submit(case, case.applicant)
    assert case.pre_review_due_date.isoformat() == "2025-10-14"
    assert case.receipt_snapshot["pre_review_due"] == "2025-10-14"


def test_pre_review_period_is_configurable_in_the_admin_settings(env):
    settings = CaseworkSettings.current()
    settings.pre_review_working_days = 2
    settings.save()
    case = b.draft_case(env["item"])
    with clock.replaying(at(2025, 9, 30, 16, 0)):
        services.submit(case, case.applicant)
    assert case.pre_review_due_date.isoformat() == "2025-10-10"


def test_correction_due_date_comes_from_the_configured_period_across_spring_festival(env, sms_outbox):
    settings = CaseworkSettings.current()
    settings.correction_working_days = 3
    settings.save()
    case = b.draft_case(env["item"])
    with clock.replaying(at(2025, 1, 24, 9, 0)):
        services.submit(case, case.applicant)
        notice = services.request_corrections(case, env["staff"], [("申请表", "缺少签字。")])
    # Issued Friday 2025-01-24; 3 working days: Jan 26 (调休 Sunday), Jan 27, Feb 5.
    request = case.correction_requests.get()
    assert request.due_date.isoformat() == "2025-02-05"
    assert notice.body["due_date"] == "2025-02-05"
    assert case.transitions.last().note == "申请表：缺少签字"  # no "。；" doubling


def test_correction_notice_shows_the_due_date(env, client):
    case = b.draft_case(env["item"])
    services.submit(case, case.applicant)
    notice = services.request_corrections(case, env["staff"], [("申请表", "缺少签字")])
    client.force_login(env["staff"])
    page = client.get(f"/admin/cases/{case.pk}/notices/{notice.pk}/").content.decode()
    assert notice.body["due_date"] in page and "前补正" in page


def test_closing_late_stores_late_flag_and_working_days_without_stops(env):
    case = b.draft_case(env["item"])
    reason = b.stop_reason("现场踏勘", 5)
    with clock.replaying(at(2025, 9, 22, 9, 0)):  # Monday
        services.submit(case, case.applicant)
        services.pre_approve(case, env["staff"])
        services.accept(case, env["staff"])
    assert case.due_date.isoformat() == "2025-09-28"  # 5 working days: 23–26 and the 调休 Sunday 9-28
    with clock.replaying(at(2025, 9, 23, 9, 0)):
        services.stop_clock(case, env["staff"], reason, "李局长")
    with clock.replaying(at(2025, 9, 25, 9, 0)):
        services.resume_clock(case, env["staff"])  # stopped 2 working days
    assert case.due_date.isoformat() == "2025-09-30"
    with clock.replaying(at(2025, 10, 10, 10, 0)):
        services.close(case, env["staff"], "准予许可", "window", overdue_reason="专家意见分歧")
    case.refresh_from_db()
    assert case.closed_on.isoformat() == "2025-10-10" and case.closed_late is True
    # Sep 22 → Oct 10: 23, 24, 25, 26, 28, 29, 30, Oct 9, 10 = 9 working days, minus 2 stopped.
    assert case.working_days_used == 7
    assert deadlines.overdue_days(case) == 2  # Oct 9, Oct 10


def test_one_formula_for_every_deadline(db):
    from datetime import date

    from workdays.calendar import add_working_days

    start = date(2025, 9, 30)
    assert deadlines.due_date(start, 3, paused=1, extension=2) == add_working_days(start, 6)


def test_extend_once_with_recorded_approval(db):
    """The building block information requests use: extended once, approver and reason kept."""
    from datetime import date
    from types import SimpleNamespace

    from casework.engine import ActionError, extend_deadline
    from casework.models import ExtendableDeadline

    matter = SimpleNamespace(
        deadline_start=date(2025, 9, 1), limit_working_days=20, paused_working_days=0,
        extension_working_days=0, extended_at=None, due_date=None,
    )
    matter.deadline_terms = lambda: ExtendableDeadline.deadline_terms(matter)
    fields = extend_deadline(matter, days=20, approved_by="王主任", reason="需要会商", max_days=20)
    assert "due_date" in fields and matter.extension_approved_by == "王主任"
    assert matter.due_date == deadlines.due_date(date(2025, 9, 1), 40)
    with pytest.raises(ActionError, match="只能延长一次"):
        extend_deadline(matter, days=5, approved_by="王主任", reason="再延", max_days=20)
