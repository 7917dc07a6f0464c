"""The case service layer: the full flow, every action's allowed/refused states, notices."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from casework import services
from casework.models import Case, CaseNotice, CaseStatus, CaseTransition, NoticeKind
from casework.services import CaseActionError
from citizens import sms
from tests import factories

from . import builders as b

S = CaseStatus


@pytest.fixture
def env(db, tmp_path):
    b.use_tmp_private_storage(tmp_path)
    dept = factories.department("县住建局", "zjj")
    other = factories.department("县消防救援大队", "xf")
    return {
        "dept": dept,
        "other": other,
        "item": b.item(dept=dept),
        "staff": b.staff("window_zjj", dept),
        "other_staff": b.staff("window_xf", other),
        "sup": b.supervisor(),
        "applicant": b.applicant(),
    }


def test_full_flow_from_draft_to_closed(env, django_capture_on_commit_callbacks):
    case = b.draft_case(env["item"], env["applicant"])
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(case, env["applicant"])
    assert case.status == S.SUBMITTED
    today = timezone.localdate()
    assert case.receipt_number == f"YS{today:%Y%m%d}-000001"
    assert "已提交" in sms.outbox[-1].text

    notice = services.request_corrections(case, env["staff"], [("申请表", "缺少法定代表人签字"), ("身份证明", "照片模糊")])
    assert case.status == S.CORRECTION and case.correction_rounds == 1
    assert [i["material"] for i in notice.body["items"]] == ["申请表", "身份证明"]

    for name in ("申请表", "身份证明"):
        case.materials.filter(material_name=name).update(superseded=True)
        b.upload_file(case, case.item.materials.get(name=name))
    services.resubmit_corrections(case, env["applicant"])
    assert case.status == S.SUBMITTED
    assert case.correction_requests.get().items.filter(resolved=False).count() == 0

    services.pre_approve(case, env["staff"])
    notice = services.accept(case, env["staff"])
    assert case.status == S.ACCEPTED
    assert case.acceptance_date == today
    assert notice.kind == NoticeKind.ACCEPTANCE and notice.body["due_date"] == case.due_date.isoformat()

    reason = b.stop_reason()
    services.stop_clock(case, env["staff"], reason, "李局长", "现场踏勘")
    assert case.status == S.STOPPED
    services.resume_clock(case, env["staff"])
    assert case.status == S.ACCEPTED

    notice = services.close(case, env["staff"], "准予许可，发放施工许可证", "window")
    assert case.status == S.CLOSED and case.closed_at is not None
    assert notice.kind == NoticeKind.COMPLETION
    actions = list(case.transitions.values_list("action", flat=True))
    assert actions == [
        "submit", "request_corrections", "resubmit_corrections", "pre_approve", "accept", "stop_clock",
        "resume_clock", "close",
    ]
    assert case.version == len(actions)
    assert CaseNotice.objects.filter(case=case).count() == 3


def test_submit_requires_declaration_and_required_materials(env):
    case = b.draft_case(env["item"], env["applicant"], declaration=False)
    with pytest.raises(CaseActionError, match="申请承诺"):
        services.submit(case, env["applicant"])
    case = b.draft_case(env["item"], env["applicant"], upload=False)
    b.upload_file(case, case.item.materials.get(name="申请表"))
    with pytest.raises(CaseActionError, match="身份证明"):
        services.submit(case, env["applicant"])
    assert case.transitions.count() == 0


def test_receipt_numbers_are_sequential_per_day(env):
    first = b.draft_case(env["item"], env["applicant"])
    second = b.draft_case(env["item"], env["applicant"])
    services.submit(first, env["applicant"])
    services.submit(second, env["applicant"])
    assert int(second.receipt_number[-6:]) == int(first.receipt_number[-6:]) + 1


def test_correction_notice_lists_every_flagged_material_and_free_text_problem(env, client):
    case = b.draft_case(env["item"], env["applicant"])
    services.submit(case, env["applicant"])
    notice = services.request_corrections(
        case, env["staff"], [(env["item"].materials.get(name="申请表"), "未盖公章"), ("身份证明", "已过有效期"), ("委托书", "需补充")]
    )
    assert case.correction_requests.count() == 1
    items = case.correction_requests.get().items.order_by("pk")
    assert [(i.material_name, i.reason) for i in items] == [("申请表", "未盖公章"), ("身份证明", "已过有效期"), ("委托书", "需补充")]
    client.force_login(env["staff"])
    page = client.get(f"/admin/cases/{case.pk}/notices/{notice.pk}/").content.decode()
    for text in ("材料补齐通知书", notice.number, "未盖公章", "已过有效期", "委托书", "示范县政务服务中心"):
        assert text in page
    # The notice is frozen: a later resubmission (which resets submitted_at) does not change it.
    submitted_on = notice.body["submitted_on"]
    assert submitted_on == timezone.localdate(case.submitted_at).isoformat()
    Case.objects.filter(pk=case.pk).update(submitted_at=case.submitted_at + timedelta(days=3))
    page = client.get(f"/admin/cases/{case.pk}/notices/{notice.pk}/").content.decode()
    assert f"您于 {submitted_on} 在网上提交" in page


def test_request_corrections_needs_at_least_one_item_with_reason(env):
    case = b.draft_case(env["item"], env["applicant"])
    services.submit(case, env["applicant"])
    with pytest.raises(CaseActionError, match="至少"):
        services.request_corrections(case, env["staff"], [])
    with pytest.raises(CaseActionError, match="问题及补正要求"):
        services.request_corrections(case, env["staff"], [("申请表", "  ")])
    case.refresh_from_db()
    assert case.status == S.SUBMITTED and case.correction_rounds == 0


def test_resubmit_only_flagged_materials(env):
    case = b.draft_case(env["item"], env["applicant"])
    services.submit(case, env["applicant"])
    services.request_corrections(case, env["staff"], [("申请表", "未签字")])
    with pytest.raises(CaseActionError, match="尚未重新上传"):
        services.resubmit_corrections(case, env["applicant"])
    b.upload_file(case, case.item.materials.get(name="身份证明"))
    with pytest.raises(CaseActionError, match="不在补正范围内"):
        services.resubmit_corrections(case, env["applicant"])


def test_reject_notice_states_reasons_and_remedies(env):
    case = b.draft_case(env["item"], env["applicant"])
    services.submit(case, env["applicant"])
    notice = services.reject(case, env["staff"], "申请事项不属于本部门职权范围")
    assert case.status == S.REJECTED
    body = notice.body
    assert body["reasons"] == "申请事项不属于本部门职权范围"
    assert body["review_days"] == 60 and body["litigation_months"] == 6
    assert body["review_body"] and body["court"]


def test_immediate_item_due_today(env):
    item = b.item(code="XK-330521-0102", kind="即办件", days=0, dept=env["dept"], title="临时身份证明")
    case = b.draft_case(item, env["applicant"])
    services.submit(case, env["applicant"])
    services.pre_approve(case, env["staff"])
    services.accept(case, env["staff"])
    from workdays.calendar import add_working_days

    assert case.due_date == add_working_days(timezone.localdate(), 0)
    services.close(case, env["staff"], "当场出具证明", "window")
    assert case.status == S.CLOSED and case.processing_kind == "即办件"


def test_close_requires_overdue_reason_when_late(env):
    case = b.draft_case(env["item"], env["applicant"])
    b.set_status(case, S.ACCEPTED, due_date=timezone.localdate() - timedelta(days=3),
                 acceptance_date=timezone.localdate() - timedelta(days=20), receipt_number="YS20240101-000001")
    with pytest.raises(CaseActionError, match="超期原因"):
        services.close(case, env["staff"], "准予许可", "window")
    services.close(case, env["staff"], "准予许可", "window", overdue_reason="专家评审延期")
    assert case.overdue_reason == "专家评审延期"


def test_close_refused_while_joint_opinions_unanswered(env):
    item = b.item(code="XK-330521-0103", kind="联办件", days=10, dept=env["dept"], title="开办餐饮店")
    case = b.draft_case(item, env["applicant"])
    b.set_status(case, S.ACCEPTED, due_date=timezone.localdate() + timedelta(days=30), receipt_number="YS20240101-000002")
    services.request_joint_opinions(case, env["staff"], [env["other"]])
    with pytest.raises(CaseActionError, match="联办部门未答复"):
        services.close(case, env["staff"], "准予", "window")
    opinion = case.joint_opinions.get()
    with pytest.raises(CaseActionError, match="被征求意见部门"):
        services.answer_joint_opinion(opinion, env["staff"], True)
    version = opinion.case.version
    services.answer_joint_opinion(opinion, env["other_staff"], True, "符合消防要求")
    assert opinion.case.version == version + 1  # the caller's case is refreshed, like every action's
    services.close(case, env["staff"], "准予", "window")
    assert case.status == S.CLOSED


def test_forward_and_higher_decision_only_for_forwarded_kind(env):
    case = b.draft_case(env["item"], env["applicant"])
    b.set_status(case, S.ACCEPTED, due_date=timezone.localdate() + timedelta(days=30), receipt_number="YS20240101-000003")
    with pytest.raises(CaseActionError, match="报批件"):
        services.forward(case, env["staff"], "市住建局")
    item = b.item(code="XK-330521-0104", kind="报批件", days=20, dept=env["dept"], title="市级审批事项")
    case = b.draft_case(item, env["applicant"])
    b.set_status(case, S.ACCEPTED, due_date=timezone.localdate() + timedelta(days=30), receipt_number="YS20240101-000004")
    services.forward(case, env["staff"], "市住建局")
    assert case.status == S.FORWARDED and case.forwarded_to == "市住建局"
    services.record_higher_decision(case, env["staff"], "市住建局批复同意", close_case=True, result="准予许可", delivery_method="post", address="示范县人民大道1号")
    assert case.status == S.CLOSED and case.higher_decision == "市住建局批复同意"


def test_deficiency_acceptance_blocks_close_until_fulfilled(env):
    case = b.draft_case(env["item"], env["applicant"])
    b.set_status(case, S.PRE_APPROVED, receipt_number="YS20240101-000005")
    with pytest.raises(CaseActionError, match="不能早于今天"):
        services.accept_with_deficiency(case, env["staff"], material_name="房产证复印件", due_date=date(2000, 1, 1), promise_text="承诺补交")
    notice = services.accept_with_deficiency(
        case, env["staff"], material_name="房产证复印件", due_date=timezone.localdate() + timedelta(days=10), promise_text="十日内补交"
    )
    assert case.accepted_with_deficiency and notice.body["deficiency"]["material"] == "房产证复印件"
    with pytest.raises(CaseActionError, match="容缺材料尚未补交"):
        services.close(case, env["staff"], "准予", "window")
    services.fulfil_deficiency(case, env["staff"], case.deficiency_promises.get())
    services.close(case, env["staff"], "准予", "window")
    assert case.status == S.CLOSED


def test_stop_beyond_reason_maximum_needs_supervisor(env):
    case = b.draft_case(env["item"], env["applicant"])
    b.set_status(case, S.ACCEPTED, acceptance_date=timezone.localdate() - timedelta(days=30),
                 due_date=timezone.localdate() + timedelta(days=1), receipt_number="YS20240101-000006")
    reason = b.stop_reason("公示", max_days=1)
    services.stop_clock(case, env["staff"], reason, "王主任")
    # The stop began well before today (setup only: services never accept past dates).
    case.clock_stops.update(started_on=timezone.localdate() - timedelta(days=14))
    with pytest.raises(CaseActionError, match="督查"):
        services.resume_clock(case, env["staff"])
    with pytest.raises(CaseActionError, match="说明原因"):
        services.resume_clock(case, env["sup"])
    stop = services.resume_clock(case, env["sup"], note="公示期间收到异议，延长核查")
    assert stop.working_days >= 9 and case.stopped_working_days == stop.working_days


def test_stop_clock_rejects_inactive_reason(env):
    case = b.draft_case(env["item"], env["applicant"])
    b.set_status(case, S.ACCEPTED, acceptance_date=timezone.localdate(), due_date=timezone.localdate(), receipt_number="YS20240101-000007")
    reason = b.stop_reason("听证")
    reason.active = False
    reason.save()
    with pytest.raises(CaseActionError, match="有效的暂停计时事由"):
        services.stop_clock(case, env["staff"], reason, "王主任")


def test_withdraw_only_by_applicant_before_acceptance(env):
    case = b.draft_case(env["item"], env["applicant"])
    services.submit(case, env["applicant"])
    with pytest.raises(CaseActionError, match="申请人本人"):
        services.withdraw(case, env["staff"])
    services.withdraw(case, env["applicant"])
    assert case.status == S.WITHDRAWN


def test_other_department_staff_cannot_act(env):
    case = b.draft_case(env["item"], env["applicant"])
    services.submit(case, env["applicant"])
    with pytest.raises(CaseActionError, match="其他部门"):
        services.pre_approve(case, env["other_staff"])
    services.pre_approve(case, env["sup"])
    assert case.status == S.PRE_APPROVED


def test_stale_version_is_refused(env):
    case = b.draft_case(env["item"], env["applicant"])
    services.submit(case, env["applicant"])
    seen = case.version
    services.pre_approve(case, env["staff"], expected_version=seen)
    with pytest.raises(CaseActionError, match="已被他人处理"):
        services.reject(case, env["staff"], "材料不全", expected_version=seen)
    case.refresh_from_db()
    assert case.status == S.PRE_APPROVED
    assert case.transitions.filter(action="reject").count() == 0


def test_transitions_are_immutable(env):
    case = b.draft_case(env["item"], env["applicant"])
    services.submit(case, env["applicant"])
    transition = CaseTransition.objects.get(case=case)
    transition.note = "改写"
    with pytest.raises(ValueError):
        transition.save()
    with pytest.raises(ValueError):
        transition.delete()


# Every action against every status: lawful ones pass the status check, the rest are refused.
ACTION_CALLS = {
    "pre_approve": lambda c, e: services.pre_approve(c, e["staff"]),
    "request_corrections": lambda c, e: services.request_corrections(c, e["staff"], [("申请表", "未签字")]),
    "reject": lambda c, e: services.reject(c, e["staff"], "不符合条件"),
    "accept": lambda c, e: services.accept(c, e["staff"]),
    "stop_clock": lambda c, e: services.stop_clock(c, e["staff"], b.stop_reason(), "李局长"),
    "resume_clock": lambda c, e: services.resume_clock(c, e["staff"]),
    "close": lambda c, e: services.close(c, e["staff"], "准予", "window"),
    "withdraw": lambda c, e: services.withdraw(c, e["applicant"]),
    "submit": lambda c, e: services.submit(c, e["applicant"]),
}
ALLOWED = {
    "submit": {S.DRAFT},
    "pre_approve": {S.SUBMITTED},
    "request_corrections": {S.SUBMITTED},
    "reject": {S.SUBMITTED, S.PRE_APPROVED},
    "accept": {S.PRE_APPROVED},
    "stop_clock": {S.ACCEPTED},
    "resume_clock": {S.STOPPED},
    "close": {S.ACCEPTED},
    "withdraw": {S.DRAFT, S.SUBMITTED, S.CORRECTION, S.PRE_APPROVED},
}


@pytest.mark.parametrize("action", sorted(ACTION_CALLS))
@pytest.mark.parametrize("status", [s for s in S.values])
def test_action_status_table(env, action, status):
    case = b.draft_case(env["item"], env["applicant"])
    today = timezone.localdate()
    b.set_status(case, status, receipt_number=None if status == S.DRAFT else f"YS-T-{status}",
                 acceptance_date=today, due_date=today + timedelta(days=30))
    if status == S.STOPPED:
        case.clock_stops.create(reason=b.stop_reason(), approved_by="李局长", started_on=today)
    before = case.transitions.count()
    if status in ALLOWED[action]:
        ACTION_CALLS[action](case, env)
        assert case.transitions.count() == before + 1
    else:
        with pytest.raises(CaseActionError, match="当前状态"):
            ACTION_CALLS[action](case, env)
        case.refresh_from_db()
        assert case.status == status and case.transitions.count() == before
