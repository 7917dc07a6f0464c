"""The action registry: every registered 办件 action against every status, on both channels.
A lawful action passes the status check (and records one transition); the rest are refused
with a message naming the current status, and nothing changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework import notices, services
from casework.engine import ActionError
from casework.models import CaseStatus, Channel
from tests import factories
from tests.online_apply import builders as b

S = CaseStatus


@pytest.fixture
def env(db, tmp_path):
    b.use_tmp_private_storage(tmp_path)
    dept = factories.department("县住建局", "zjj")
    other = factories.department("县消防救援大队", "xf")
    return {
        "dept": dept, "other": other, "staff": b.staff("window_zjj", dept), "applicant": b.applicant(),
        "sup": b.supervisor(),
    }


def _kind_for(action):
    return {"forward": "报批件", "record_higher_decision": "报批件", "request_joint_opinions": "联办件",
            "answer_joint_opinion": "联办件"}.get(action, "承诺件")


def _calls(env, case):
    """One valid call per registered action (data that passes once the status is lawful)."""
    staff, applicant = env["staff"], env["applicant"]
    today = timezone.localdate()
    return {
        "submit": lambda: services.submit(case, applicant),
        "resubmit_corrections": lambda: services.resubmit_corrections(case, applicant),
        "withdraw": lambda: services.withdraw(case, applicant),
        "receive_at_window": lambda: services.CASES.perform(case, staff, "receive_at_window", materials=["申请表"]),
        "pre_approve": lambda: services.pre_approve(case, staff),
        "request_corrections": lambda: services.request_corrections(case, staff, [("申请表", "未签字")]),
        "reject": lambda: services.reject(case, staff, "不符合条件"),
        "accept": lambda: services.accept(case, staff),
        "accept_with_deficiency": lambda: services.accept_with_deficiency(
            case, staff, material_name="营业执照", due_date=today + timedelta(days=5), promise_text="五日内补交"
        ),
        "fulfil_deficiency": lambda: services.CASES.perform(case, staff, "fulfil_deficiency", promise_id=0),
        "stop_clock": lambda: services.stop_clock(case, staff, b.stop_reason(), "李局长"),
        "resume_clock": lambda: services.resume_clock(case, staff),
        "forward": lambda: services.forward(case, staff, "市住建局"),
        "record_higher_decision": lambda: services.record_higher_decision(case, staff, "同意"),
        "request_joint_opinions": lambda: services.request_joint_opinions(case, staff, [env["other"]]),
        "answer_joint_opinion": lambda: services.CASES.perform(
            case, env["sup"], "answer_joint_opinion", opinion_id=0, agrees=True
        ),
        "close": lambda: services.close(case, staff, "准予", "window"),
    }


def test_every_registered_action_has_a_call_here():
    """A new action must be added to this table, so it is tested against every status."""
    assert set(services.CASES.actions) == set(_calls({"staff": None, "applicant": None, "other": None, "sup": None}, None))


# Actions whose handler needs a related row the status alone does not create (a promise, an
# opinion): in a lawful status they are refused by the handler, never by the status check.
NEEDS_ROW = {"fulfil_deficiency", "answer_joint_opinion", "resubmit_corrections"}


@pytest.mark.parametrize("channel", [Channel.ONLINE, Channel.WINDOW])
@pytest.mark.parametrize("action", sorted(services.CASES.actions))
def test_action_against_every_status(env, channel, action):
    item = b.item(kind=_kind_for(action), dept=env["dept"])
    today = timezone.localdate()
    for status in S.values:
        case = b.draft_case(item, env["applicant"])
        b.set_status(
            case, status, channel=channel, receipt_number=None if status == S.DRAFT else f"YS-T-{case.pk}",
            acceptance_date=today, due_date=today + timedelta(days=30),
            accepted_with_deficiency=action == "fulfil_deficiency",
        )
        if status == S.STOPPED:
            case.clock_stops.create(reason=b.stop_reason(), approved_by="李局长", started_on=today)
        before = case.transitions.count()
        call = _calls(env, case)[action]
        if services.CASES.refusal(case, action) is None and action not in NEEDS_ROW:
            call()
            assert case.transitions.count() == before + 1, status
            assert case.transitions.last().action == action
        else:
            with pytest.raises(ActionError) as raised:
                call()
            if status not in services.CASES.actions[action].from_statuses:
                assert "当前状态" in raised.value.message, status
            case.refresh_from_db()
            assert case.status == status and case.transitions.count() == before, status


def test_lawful_tables_per_channel():
    """The registry's answer for the two channels, spelled out once."""
    from types import SimpleNamespace

    def lawful(status, channel, kind="承诺件", deficiency=False):
        case = SimpleNamespace(status=status, channel=channel, processing_kind=kind,
                               accepted_with_deficiency=deficiency, get_status_display=lambda: status)
        return sorted(services.CASES.lawful_actions(case, staff_only=False))

    assert lawful(S.DRAFT, Channel.ONLINE) == ["submit", "withdraw"]
    assert lawful(S.DRAFT, Channel.WINDOW) == ["receive_at_window"]
    assert lawful(S.SUBMITTED, Channel.ONLINE) == ["pre_approve", "reject", "request_corrections", "withdraw"]
    # At the window the materials are checked as they are received: accept at once.
    assert lawful(S.SUBMITTED, Channel.WINDOW) == ["accept", "accept_with_deficiency", "reject"]
    assert lawful(S.PRE_APPROVED, Channel.ONLINE) == ["accept", "accept_with_deficiency", "reject", "withdraw"]
    assert lawful(S.ACCEPTED, Channel.WINDOW) == ["close", "stop_clock"]
    assert lawful(S.ACCEPTED, Channel.ONLINE, deficiency=True) == ["close", "fulfil_deficiency", "stop_clock"]
    assert lawful(S.ACCEPTED, Channel.ONLINE, kind="联办件") == ["answer_joint_opinion", "close", "request_joint_opinions", "stop_clock"]
    for final in (S.CLOSED, S.REJECTED, S.WITHDRAWN):
        assert lawful(final, Channel.ONLINE) == [] and lawful(final, Channel.WINDOW) == []


def test_notice_kinds_and_prefixes_are_registered_not_hard_coded():
    kinds = notices.registered_kinds()
    assert {k: v.prefix for k, v in kinds.items() if k in ("correction", "acceptance", "rejection", "completion")} == {
        "correction": "BZ", "acceptance": "SL", "rejection": "BY", "completion": "BJ",
    }
    # Another matter type registers its own kind; a prefix can belong to one kind only.
    notices.register_kind("test_reply", "答复书", "DFT", "casework/notices/completion.html")
    with pytest.raises(ValueError, match="prefix"):
        notices.register_kind("test_other", "其他", "DFT", "casework/notices/completion.html")
    with pytest.raises(ValueError):
        notices.register_kind("acceptance", "别的受理通知书", "SX", "x.html")
