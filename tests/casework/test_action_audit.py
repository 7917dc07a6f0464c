"""One hook in the engine (Workflow.record) writes every action on any matter to the audit log:
who, which action, which numbered matter, when and from where (docs/domain.md 审计日志)."""

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from audit.records import account_label
from casework import clock, services
from casework.engine import ActionError
from tests import factories
from tests.online_apply import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def env(db, tmp_path):
    b.use_tmp_private_storage(tmp_path)
    dept = factories.department("县住建局", "zjj")
    case = b.draft_case(b.item(dept=dept))
    return {"case": case, "staff": b.staff("window_zjj", dept)}


def case_events():
    return list(AuditEvent.objects.filter(action="case.action").order_by("pk"))


def test_each_case_action_writes_one_audit_entry(env):
    case, staff = env["case"], env["staff"]
    services.submit(case, case.applicant)
    services.pre_approve(case, staff, note="材料齐全，电话 13812345678")
    first, second = case_events()
    assert first.actor == case.applicant and first.actor_name == account_label(case.applicant)
    assert first.target == f"办件 {case.receipt_number}" and first.detail.startswith("提交")
    assert second.actor == staff and second.actor_name == "window_zjj" and second.target == first.target
    assert "预审通过" in second.detail or "pre_approve" in second.detail
    assert "13812345678" not in second.detail  # notes are not copied out of the transition log
    assert case.transitions.count() == 2


def test_refused_and_replayed_actions_write_nothing(env):
    case, staff = env["case"], env["staff"]
    with pytest.raises(ActionError):
        services.pre_approve(case, staff)  # still a draft
    assert case_events() == []
    with clock.replaying(timezone.now() - timezone.timedelta(days=3)):
        services.submit(case, case.applicant)
    assert case.transitions.count() == 1 and case_events() == []


def test_staff_action_through_the_page_records_the_address(env, client):
    case, staff = env["case"], env["staff"]
    services.submit(case, case.applicant)
    case.refresh_from_db()
    client.force_login(staff)
    data = {"action": "pre_approve", "pre_approve-action": "pre_approve", "pre_approve-version": case.version,
            "pre_approve-note": ""}
    assert client.post(f"/admin/cases/{case.pk}/", data, REMOTE_ADDR="10.0.0.9").status_code == 302
    case.refresh_from_db()
    assert case.status == "pre_approved"
    event = case_events()[-1]
    assert event.actor == staff and event.ip == "10.0.0.9" and event.target == f"办件 {case.receipt_number}"
