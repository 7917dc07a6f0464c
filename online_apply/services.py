"""The case service layer: the ONLY code that changes a case's status (DOMAIN.md §2).

Every action:
  1. locks the case row (select_for_update inside transaction.atomic), so two window staff
     acting at once are serialised and the second one sees the first one's result;
  2. checks the action is lawful in the current status and for this actor, raising
     CaseActionError with a Chinese message otherwise;
  3. checks `expected_version` (the version the actor's form was rendered with) so a stale
     form cannot overwrite a newer decision;
  4. updates the case, bumps `version`, writes exactly one CaseTransition with server time;
  5. issues notices, and sends messages after commit (never for a rolled-back change).

No action accepts a date in the past: every timestamp is timezone.now() (no backdating, §1).
The caller's `case` instance is refreshed in place after a successful action.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Site

from guides.models import ProcessingKind
from portal.models.settings import SiteIdentity

from .access import is_supervisor, staff_department_id
from .models import (
    Case,
    CaseMaterial,
    CaseNotice,
    CaseStatus,
    CaseTransition,
    ClockStop,
    CorrectionItem,
    CorrectionRequest,
    DeficiencyPromise,
    DeliveryMethod,
    JointOpinion,
    NoticeKind,
    StopReason,
)

STALE_MESSAGE = "该办件已被他人处理，请刷新后重试。"

# Remedies a 不予受理告知书 must state (行政复议法 art. 20: 60 days; 行政诉讼法 art. 46: 6 months).
# The bodies are locality-specific, so they can be set in settings.
DEFAULT_REVIEW_BODY = "示范县人民政府"
DEFAULT_COURT = "示范县人民法院"

NOTICE_PREFIX = {
    NoticeKind.CORRECTION: "BZ",
    NoticeKind.ACCEPTANCE: "SL",
    NoticeKind.REJECTION: "BY",
    NoticeKind.COMPLETION: "BJ",
}


class CaseActionError(Exception):
    """An action that is not lawful now (wrong status, wrong actor, stale form, bad input)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


# ---------------------------------------------------------------- who may do what


def _require_staff(case, actor):
    """Only the case's own department (or a supervisor) processes it."""
    if is_supervisor(actor):
        return
    if staff_department_id(actor) != case.department_id or not actor.has_perm("online_apply.process_case"):
        raise CaseActionError("您无权处理其他部门的办件。")


def _require_applicant(case, actor):
    if actor is None or case.applicant_id != actor.pk:
        raise CaseActionError("只有申请人本人可以进行此操作。")


# ---------------------------------------------------------------- the action table


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    from_statuses: tuple
    kinds: tuple = ()  # processing kinds it applies to; empty = all


ACTIONS = {
    a.name: a
    for a in (
        Action("submit", "提交申请", (CaseStatus.DRAFT,)),
        Action("pre_approve", "预审通过", (CaseStatus.SUBMITTED,)),
        Action("request_corrections", "一次性告知补正", (CaseStatus.SUBMITTED,)),
        Action("resubmit_corrections", "提交补正材料", (CaseStatus.CORRECTION,)),
        Action("reject", "不予受理", (CaseStatus.SUBMITTED, CaseStatus.PRE_APPROVED)),
        Action("accept", "受理", (CaseStatus.PRE_APPROVED,)),
        Action("accept_with_deficiency", "容缺受理", (CaseStatus.PRE_APPROVED,)),
        Action("stop_clock", "暂停计时", (CaseStatus.ACCEPTED,)),
        Action("resume_clock", "恢复计时", (CaseStatus.STOPPED,)),
        Action("forward", "转报上级机关", (CaseStatus.ACCEPTED,), (ProcessingKind.FORWARDED,)),
        Action("record_higher_decision", "登记上级决定", (CaseStatus.FORWARDED,), (ProcessingKind.FORWARDED,)),
        Action("request_joint_opinions", "征求联办意见", (CaseStatus.ACCEPTED,), (ProcessingKind.JOINT,)),
        Action("answer_joint_opinion", "答复联办意见", (CaseStatus.ACCEPTED,), (ProcessingKind.JOINT,)),
        Action("fulfil_deficiency", "容缺材料已补交", (CaseStatus.ACCEPTED, CaseStatus.STOPPED)),
        Action("close", "办结", (CaseStatus.ACCEPTED,)),
        Action(
            "withdraw",
            "撤回申请",
            (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.CORRECTION, CaseStatus.PRE_APPROVED),
        ),
    )
}
STAFF_ACTIONS = (
    "pre_approve", "request_corrections", "reject", "accept", "accept_with_deficiency", "stop_clock",
    "resume_clock", "forward", "record_higher_decision", "request_joint_opinions", "fulfil_deficiency", "close",
)


def lawful_actions(case) -> list[str]:
    """Staff actions lawful in the case's current status and kind (what the admin shows)."""
    names = []
    for name in STAFF_ACTIONS:
        action = ACTIONS[name]
        if case.status in action.from_statuses and (not action.kinds or case.processing_kind in action.kinds):
            names.append(name)
    return names


def _check_lawful(case, name):
    action = ACTIONS[name]
    if case.status not in action.from_statuses:
        raise CaseActionError(f"办件当前状态为“{case.get_status_display()}”，不能{action.label}。")
    if action.kinds and case.processing_kind not in action.kinds:
        kinds = "、".join(action.kinds)
        raise CaseActionError(f"只有{kinds}可以{action.label}，本件为{case.processing_kind}。")


# ---------------------------------------------------------------- plumbing


def _actor_name(actor):
    if actor is None:
        return "系统"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return full or actor.get_username()


def _lock(case, expected_version, action_name):
    """Re-read the case under a row lock and check it is still what the actor saw."""
    locked = Case.objects.select_for_update().select_related("item", "department").get(pk=case.pk)
    if expected_version is not None and int(expected_version) != locked.version:
        raise CaseActionError(STALE_MESSAGE)
    _check_lawful(locked, action_name)
    return locked


def _record(case, actor, action_name, to_status, note="", update_fields=()):
    """Save the case with its new status and version, and write the one transition."""
    from_status = case.status
    case.status = to_status
    case.version += 1
    case.save(update_fields=["status", "version", *update_fields])
    return CaseTransition.objects.create(
        case=case,
        action=action_name,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_name=_actor_name(actor),
        at=timezone.now(),
        note=note,
    )


def _refresh(case, locked):
    """Bring the caller's instance up to date (it was not the locked copy)."""
    if case is not locked:
        case.refresh_from_db()


def _unique_number(prefix, model, field, create):
    """Next "<prefix><YYYYMMDD>-<seq>" for today; retried on a clash (two issuers at once)."""
    today = timezone.localdate().strftime("%Y%m%d")
    stem = f"{prefix}{today}-"
    last = model.objects.filter(**{f"{field}__startswith": stem}).order_by(f"-{field}").values_list(field, flat=True).first()
    seq = int(last[len(stem):]) + 1 if last else 1
    for _ in range(20):
        number = f"{stem}{seq:06d}"
        try:
            with transaction.atomic():  # savepoint: a clash must not poison the outer transaction
                return create(number)
        except IntegrityError:
            seq += 1
    raise CaseActionError("编号生成冲突，请稍后重试。")


def _organiser():
    """The centre's name (网站标识 → 承办单位) printed at the head of every notice."""
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        return SiteIdentity.for_site(site).organiser
    return SiteIdentity._meta.get_field("organiser").default


def _case_summary(case):
    return {
        "centre": _organiser(),
        "receipt_number": case.receipt_number or "",
        "applicant_name": case.organisation_name or case.applicant_name,
        "item_title": case.item.title,
        "item_code": case.item.item_code,
        "department": case.department.name,
        "processing_kind": case.processing_kind,
    }


def _issue_notice(case, actor, kind, **content):
    body = {**_case_summary(case), **content}

    def create(number):
        return CaseNotice.objects.create(
            case=case, kind=kind, number=number, issued_by=actor, issued_at=timezone.now(), body=body
        )

    return _unique_number(NOTICE_PREFIX[kind], CaseNotice, "number", create)


def _notify(template_key, case, **extra):
    """Message the applicant after commit, so a rolled-back action sends nothing."""
    context = {
        "name": case.applicant_name,
        "item_title": case.item.title,
        "case_number": case.receipt_number or "",
        **extra,
    }
    phone = case.applicant_phone
    email = getattr(getattr(case.applicant, "citizen", None), "email", "") or case.applicant.email or ""

    def send():
        from citizens.messaging import send_message

        send_message(template_key, context, phone=phone, email=email)

    # robust: the case change is committed; a failed SMS is logged, never turned into a 500.
    transaction.on_commit(send, robust=True)


def _today():
    return timezone.localdate()


def _clean_text(value, field_label, required=True, max_length=None):
    text = (value or "").strip()
    if required and not text:
        raise CaseActionError(f"请填写{field_label}。")
    if max_length and len(text) > max_length:
        raise CaseActionError(f"{field_label}不能超过 {max_length} 个字。")
    return text


def _current_files(case):
    return CaseMaterial.objects.filter(case=case, superseded=False)


def missing_required_materials(case) -> list[str]:
    """Names of required materials of the item with no current upload."""
    files = _current_files(case)
    have_ids = set(files.exclude(material=None).values_list("material_id", flat=True))
    have_names = set(files.values_list("material_name", flat=True))
    return [m.name for m in case.item.required_materials if m.pk not in have_ids and m.name not in have_names]


def compute_due_date(case):
    from workdays.calendar import add_working_days

    if case.acceptance_date is None:
        return None
    return add_working_days(case.acceptance_date, case.promised_limit_days + case.stopped_working_days)


# ---------------------------------------------------------------- applicant actions


def submit(case, actor, *, expected_version=None):
    """草稿 → 待预审. Requires the declaration and every required material; assigns the
    receipt number "YS" + YYYYMMDD + "-" + 6-digit daily sequence."""
    with transaction.atomic():
        locked = _lock(case, expected_version, "submit")
        _require_applicant(locked, actor)
        if not locked.declaration_accepted:
            raise CaseActionError("请先阅读并确认申请承诺。")
        missing = missing_required_materials(locked)
        if missing:
            raise CaseActionError("以下必须提交的材料尚未上传：" + "、".join(missing))
        if not locked.receipt_number:

            def assign(number):
                Case.objects.filter(pk=locked.pk).update(receipt_number=number)
                return number

            locked.receipt_number = _unique_number("YS", Case, "receipt_number", assign)
        locked.submitted_at = timezone.now()
        _record(locked, actor, "submit", CaseStatus.SUBMITTED, update_fields=["receipt_number", "submitted_at"])
        _notify("application_submitted", locked)
    _refresh(case, locked)
    return case


def resubmit_corrections(case, actor, *, note="", expected_version=None):
    """待补正 → 待预审. Every flagged material must have been re-uploaded since the notice, and
    nothing else changed (the applicant fixes only what was flagged)."""
    with transaction.atomic():
        locked = _lock(case, expected_version, "resubmit_corrections")
        _require_applicant(locked, actor)
        request = locked.correction_requests.filter(resolved_at=None).order_by("-requested_at").first()
        if request is None:
            raise CaseActionError("没有待处理的补正告知。")
        items = list(request.items.all())
        new_files = CaseMaterial.objects.filter(case=locked, uploaded_at__gt=request.requested_at)
        flagged_ids = {i.material_id for i in items if i.material_id}
        flagged_names = {i.material_name for i in items}
        listed_names = {m.name for m in locked.item.materials.all()}
        for f in new_files:
            if f.material_id not in flagged_ids and f.material_name not in flagged_names:
                raise CaseActionError(f"“{f.material_name}”不在补正范围内，只能重新上传被告知补正的材料。")
        missing = []
        for item in items:
            is_file = item.material_id or item.material_name in listed_names
            if is_file and not _has_new_upload(new_files, item):
                missing.append(item.material_name)
        if missing:
            raise CaseActionError("以下材料尚未重新上传：" + "、".join(missing))
        now = timezone.now()
        request.items.update(resolved=True)
        request.resolved_at = now
        request.save(update_fields=["resolved_at"])
        locked.submitted_at = now
        _record(locked, actor, "resubmit_corrections", CaseStatus.SUBMITTED, note, update_fields=["submitted_at"])
    _refresh(case, locked)
    return case


def _has_new_upload(new_files, item):
    for f in new_files:
        if (item.material_id and f.material_id == item.material_id) or f.material_name == item.material_name:
            return True
    return False


def withdraw(case, actor, *, note="", expected_version=None):
    """The applicant withdraws before acceptance (申请人撤回)."""
    with transaction.atomic():
        locked = _lock(case, expected_version, "withdraw")
        _require_applicant(locked, actor)
        _record(locked, actor, "withdraw", CaseStatus.WITHDRAWN, note)
    _refresh(case, locked)
    return case


# ---------------------------------------------------------------- pre-review


def pre_approve(case, actor, *, note="", expected_version=None):
    """待预审 → 预审通过: the applicant may now book a slot with priority."""
    with transaction.atomic():
        locked = _lock(case, expected_version, "pre_approve")
        _require_staff(locked, actor)
        locked.pre_reviewed_at = timezone.now()
        _record(locked, actor, "pre_approve", CaseStatus.PRE_APPROVED, note, update_fields=["pre_reviewed_at"])
    _refresh(case, locked)
    return case


def request_corrections(case, actor, items, *, note="", expected_version=None):
    """待预审 → 待补正 with ONE 《材料补齐通知书》 listing every problem (一次性告知).

    items: [(Material or material name, reason), …] — at least one, each with a reason.
    """
    cleaned = _clean_correction_items(items)
    with transaction.atomic():
        locked = _lock(case, expected_version, "request_corrections")
        _require_staff(locked, actor)
        materials_by_name = {m.name: m for m in locked.item.materials.all()}
        rows = []
        for material, reason in cleaned:
            if isinstance(material, str):
                name, material = material, materials_by_name.get(material)
            else:
                name = material.name
            rows.append((material, name, reason))
        days = getattr(settings, "CORRECTION_RESPONSE_WORKING_DAYS", 5)
        notice = _issue_notice(
            locked, actor, NoticeKind.CORRECTION,
            items=[{"material": name, "reason": reason} for _, name, reason in rows],
            # Frozen here: a resubmission resets case.submitted_at, the notice must not change.
            submitted_on=timezone.localdate(locked.submitted_at).isoformat() if locked.submitted_at else "",
            note=note,
            pre_review_days=days,
        )
        request = CorrectionRequest.objects.create(case=locked, notice=notice, requested_at=timezone.now())
        CorrectionItem.objects.bulk_create(
            CorrectionItem(request=request, material=m, material_name=n, reason=r) for m, n, r in rows
        )
        locked.correction_rounds += 1
        summary = "；".join(f"{n}：{r}" for _, n, r in rows)
        _record(locked, actor, "request_corrections", CaseStatus.CORRECTION, summary, update_fields=["correction_rounds"])
        _notify("correction_requested", locked, problems=summary, due_date="")
    _refresh(case, locked)
    return notice


def _clean_correction_items(items):
    cleaned = []
    seen = set()
    for material, reason in items or ():
        reason = (reason or "").strip()
        name = material if isinstance(material, str) else getattr(material, "name", "")
        name = (name or "").strip()
        if not name:
            continue
        if not reason:
            raise CaseActionError(f"请写明“{name}”的问题及补正要求。")
        if len(reason) > 500:
            raise CaseActionError(f"“{name}”的补正要求不能超过 500 个字。")
        if name in seen:
            raise CaseActionError(f"“{name}”重复列出，请合并为一条。")
        seen.add(name)
        cleaned.append((material.strip() if isinstance(material, str) else material, reason))
    if not cleaned:
        raise CaseActionError("请至少列出一项需要补正的材料及原因。")
    return cleaned


def reject(case, actor, reasons, *, expected_version=None):
    """待预审/预审通过 → 不予受理, with a written 《不予受理告知书》 stating reasons and remedies."""
    reasons = _clean_text(reasons, "不予受理的理由", max_length=2000)
    with transaction.atomic():
        locked = _lock(case, expected_version, "reject")
        _require_staff(locked, actor)
        notice = _issue_notice(
            locked, actor, NoticeKind.REJECTION,
            reasons=reasons,
            review_body=getattr(settings, "ADMINISTRATIVE_REVIEW_BODY", DEFAULT_REVIEW_BODY),
            review_days=60,
            court=getattr(settings, "ADMINISTRATIVE_COURT", DEFAULT_COURT),
            litigation_months=6,
        )
        _record(locked, actor, "reject", CaseStatus.REJECTED, reasons)
        _notify("case_rejected", locked, reason=reasons)
    _refresh(case, locked)
    return notice


# ---------------------------------------------------------------- acceptance


def accept(case, actor, *, note="", expected_version=None):
    """预审通过 → 已受理 with a numbered, dated 《受理通知书》 stating the promised deadline.

    即办件 are due the same (working) day; the admin offers 受理并办结, which calls close()
    right after.
    """
    with transaction.atomic():
        locked = _lock(case, expected_version, "accept")
        _require_staff(locked, actor)
        notice = _accept(locked, actor, note)
    _refresh(case, locked)
    return notice


def accept_with_deficiency(case, actor, *, material_name, due_date, promise_text, note="", expected_version=None):
    """容缺受理: accepted now; a non-essential material follows by due_date against a written promise."""
    material_name = _clean_text(material_name, "容缺材料名称", max_length=200)
    promise_text = _clean_text(promise_text, "承诺内容", max_length=2000)
    if not isinstance(due_date, date):
        raise CaseActionError("请填写补交期限。")
    if due_date < _today():
        raise CaseActionError("补交期限不能早于今天。")
    with transaction.atomic():
        locked = _lock(case, expected_version, "accept_with_deficiency")
        _require_staff(locked, actor)
        required = {m.name for m in locked.item.required_materials}
        if material_name in required and getattr(settings, "DEFICIENCY_ONLY_OPTIONAL", False):
            raise CaseActionError("必须提交的核心材料不能容缺。")
        DeficiencyPromise.objects.create(
            case=locked, material_name=material_name, due_date=due_date, promise_text=promise_text
        )
        locked.accepted_with_deficiency = True
        notice = _accept(
            locked, actor, note or f"容缺受理：{material_name}，承诺于 {due_date:%Y-%m-%d} 前补交。",
            action_name="accept_with_deficiency",
            deficiency={"material": material_name, "due_date": due_date.isoformat(), "promise": promise_text},
        )
    _refresh(case, locked)
    return notice


def _accept(locked, actor, note, action_name="accept", deficiency=None):
    now = timezone.now()
    locked.accepted_at = now
    locked.acceptance_date = timezone.localdate(now)
    locked.due_date = compute_due_date(locked)
    content = {
        "accepted_on": locked.acceptance_date.isoformat(),
        "promised_limit_days": locked.promised_limit_days,
        "due_date": locked.due_date.isoformat(),
        "note": note,
    }
    if deficiency:
        content["deficiency"] = deficiency
    notice = _issue_notice(locked, actor, NoticeKind.ACCEPTANCE, **content)
    _record(
        locked, actor, action_name, CaseStatus.ACCEPTED, note,
        update_fields=["accepted_at", "acceptance_date", "due_date", "accepted_with_deficiency"],
    )
    _notify("case_accepted", locked, deadline=f"{locked.due_date:%Y-%m-%d}")
    return notice


def fulfil_deficiency(case, actor, promise, *, note="", expected_version=None):
    """容缺材料已补交: marks the promise kept (the case cannot close until it is)."""
    with transaction.atomic():
        locked = _lock(case, expected_version, "fulfil_deficiency")
        _require_staff(locked, actor)
        promise = DeficiencyPromise.objects.select_for_update().get(pk=promise.pk, case=locked)
        if promise.fulfilled_at:
            raise CaseActionError("该容缺材料已登记补交。")
        promise.fulfilled_at = timezone.now()
        promise.save(update_fields=["fulfilled_at"])
        _record(locked, actor, "fulfil_deficiency", locked.status, note or f"已补交容缺材料：{promise.material_name}")
    _refresh(case, locked)
    return case


# ---------------------------------------------------------------- the running clock


def stop_clock(case, actor, reason, approved_by, note="", *, expected_version=None):
    """已受理 → 暂停计时, for a listed, active reason, with the approver's name."""
    approved_by = _clean_text(approved_by, "批准人", max_length=50)
    note = _clean_text(note, "说明", required=False, max_length=2000)
    if not isinstance(reason, StopReason):
        reason = StopReason.objects.filter(pk=reason).first() if str(reason).isdigit() else None
    if reason is None or not StopReason.objects.filter(pk=reason.pk, active=True).exists():
        raise CaseActionError("请从列表中选择有效的暂停计时事由。")
    with transaction.atomic():
        locked = _lock(case, expected_version, "stop_clock")
        _require_staff(locked, actor)
        stop = ClockStop.objects.create(
            case=locked, reason=reason, note=note, approved_by=approved_by, started_on=_today(), started_by=actor
        )
        _record(locked, actor, "stop_clock", CaseStatus.STOPPED, f"{reason.name}（批准人：{approved_by}）{note}")
    _refresh(case, locked)
    return stop


def resume_clock(case, actor, *, note="", expected_version=None):
    """暂停计时 → 已受理. Records the working days stopped and moves the deadline by them.

    A stop longer than its reason's maximum is the abuse DOMAIN.md §2 warns of: window staff
    cannot resume it themselves; a supervisor must, with a written explanation.
    """
    from workdays.calendar import working_days_between

    with transaction.atomic():
        locked = _lock(case, expected_version, "resume_clock")
        _require_staff(locked, actor)
        stop = locked.clock_stops.select_related("reason").filter(ended_on=None).order_by("-started_on", "-pk").first()
        if stop is None:
            raise CaseActionError("没有进行中的暂停计时记录。")
        today = _today()
        days = working_days_between(stop.started_on, today)
        if days > stop.reason.max_working_days:
            if not is_supervisor(actor):
                raise CaseActionError(
                    f"暂停已达 {days} 个工作日，超过“{stop.reason.name}”最长 {stop.reason.max_working_days} 个工作日，"
                    "须由督查人员恢复计时并说明原因。"
                )
            if not (note or "").strip():
                raise CaseActionError("暂停超过最长期限，请说明原因。")
        stop.ended_on = today
        stop.working_days = days
        stop.save(update_fields=["ended_on", "working_days"])
        locked.stopped_working_days += days
        locked.due_date = compute_due_date(locked)
        text = f"暂停 {days} 个工作日，承诺办结日期顺延至 {locked.due_date:%Y-%m-%d}。{note or ''}".strip()
        _record(locked, actor, "resume_clock", CaseStatus.ACCEPTED, text, update_fields=["stopped_working_days", "due_date"])
    _refresh(case, locked)
    return stop


# ---------------------------------------------------------------- 报批件 and 联办件


def forward(case, actor, forwarded_to, *, note="", expected_version=None):
    """报批件: 已受理 → 已转报 to the higher authority that decides."""
    forwarded_to = _clean_text(forwarded_to, "转报机关", max_length=100)
    with transaction.atomic():
        locked = _lock(case, expected_version, "forward")
        _require_staff(locked, actor)
        locked.forwarded_to = forwarded_to
        _record(locked, actor, "forward", CaseStatus.FORWARDED, f"转报{forwarded_to}。{note}", update_fields=["forwarded_to"])
    _refresh(case, locked)
    return case


def record_higher_decision(
    case, actor, decision, *, close_case=False, result="", delivery_method=DeliveryMethod.WINDOW, address="",
    overdue_reason="", expected_version=None,
):
    """报批件: 已转报 → 已受理 with the higher authority's decision recorded; or, with
    close_case=True, straight on to 办结 in the same transaction."""
    decision = _clean_text(decision, "上级机关决定", max_length=2000)
    with transaction.atomic():
        locked = _lock(case, expected_version, "record_higher_decision")
        _require_staff(locked, actor)
        locked.higher_decision = decision
        _record(locked, actor, "record_higher_decision", CaseStatus.ACCEPTED, decision, update_fields=["higher_decision"])
        notice = None
        if close_case:
            notice = _close(locked, actor, result or decision, delivery_method, address, overdue_reason)
    _refresh(case, locked)
    return notice


def request_joint_opinions(case, actor, departments, *, note="", expected_version=None):
    """联办件: the lead window asks the other departments (并联审批; the applicant is not sent round)."""
    with transaction.atomic():
        locked = _lock(case, expected_version, "request_joint_opinions")
        _require_staff(locked, actor)
        departments = [d for d in departments if d.pk != locked.department_id]
        if not departments:
            raise CaseActionError("请至少选择一个牵头部门以外的部门。")
        asked = set(locked.joint_opinions.values_list("department_id", flat=True))
        new = [d for d in departments if d.pk not in asked]
        if not new:
            raise CaseActionError("所选部门均已征求过意见。")
        now = timezone.now()
        JointOpinion.objects.bulk_create(
            JointOpinion(case=locked, department=d, requested_at=now, requested_by=actor) for d in new
        )
        names = "、".join(d.name for d in new)
        _record(locked, actor, "request_joint_opinions", locked.status, f"征求{names}意见。{note}".strip())
    _refresh(case, locked)
    return case


def answer_joint_opinion(opinion, actor, agrees, text="", *, expected_version=None):
    """The asked department's staff answer (同意/不同意 with the opinion text)."""
    text = _clean_text(text, "意见", required=not agrees, max_length=2000)
    case = opinion.case
    with transaction.atomic():
        locked = _lock(case, expected_version, "answer_joint_opinion")
        opinion = JointOpinion.objects.select_for_update().select_related("department").get(pk=opinion.pk)
        if not is_supervisor(actor) and (
            staff_department_id(actor) != opinion.department_id or not actor.has_perm("online_apply.process_case")
        ):
            raise CaseActionError("只有被征求意见部门的工作人员可以答复。")
        if opinion.answered_at:
            raise CaseActionError("该部门已答复过意见。")
        opinion.agrees = bool(agrees)
        opinion.opinion = text or "同意"
        opinion.answered_at = timezone.now()
        opinion.answered_by = actor
        opinion.save(update_fields=["agrees", "opinion", "answered_at", "answered_by"])
        verdict = "同意" if agrees else "不同意"
        _record(locked, actor, "answer_joint_opinion", locked.status, f"{opinion.department.name}：{verdict}。{text}".strip())
    _refresh(case, locked)
    return opinion


# ---------------------------------------------------------------- closing


def close(case, actor, result, delivery_method, address="", overdue_reason="", *, expected_version=None):
    """已受理 → 已办结 with a 《办结通知书》; invites the applicant to rate the service."""
    with transaction.atomic():
        locked = _lock(case, expected_version, "close")
        _require_staff(locked, actor)
        notice = _close(locked, actor, result, delivery_method, address, overdue_reason)
    _refresh(case, locked)
    return notice


def _close(locked, actor, result, delivery_method, address, overdue_reason):
    result = _clean_text(result, "办理结果", max_length=2000)
    if delivery_method not in DeliveryMethod.values:
        raise CaseActionError("请选择送达方式。")
    address = _clean_text(address, "邮寄地址", required=delivery_method == DeliveryMethod.POST, max_length=200)
    overdue_reason = _clean_text(overdue_reason, "超期原因", required=False, max_length=2000)
    if locked.joint_opinions.filter(answered_at=None).exists():
        raise CaseActionError("尚有联办部门未答复意见，不能办结。")
    if locked.deficiency_promises.filter(fulfilled_at=None).exists():
        raise CaseActionError("容缺材料尚未补交，不能办结。")
    now = timezone.now()
    late = locked.due_date is not None and timezone.localdate(now) > locked.due_date
    if late and not overdue_reason:
        raise CaseActionError(f"本件已超过承诺办结日期（{locked.due_date:%Y-%m-%d}），请填写超期原因。")
    locked.result = result
    locked.delivery_method = delivery_method
    locked.delivery_address = address
    locked.overdue_reason = overdue_reason if late else ""
    locked.closed_at = now
    notice = _issue_notice(
        locked, actor, NoticeKind.COMPLETION,
        result=result,
        delivery_method=DeliveryMethod(delivery_method).label,
        delivery_address=address,
        closed_on=timezone.localdate(now).isoformat(),
        due_date=locked.due_date.isoformat() if locked.due_date else "",
        overdue_reason=locked.overdue_reason,
    )
    _record(
        locked, actor, "close", CaseStatus.CLOSED, result,
        update_fields=["result", "delivery_method", "delivery_address", "overdue_reason", "closed_at"],
    )
    # 好差评: the SMS carries the rating page of this case in 我的办件 (docs/domain.md "## 好差评").
    rating_url = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/my/cases/{locked.pk}/rate/"
    _notify("case_closed", locked, result=result, rating_url=rating_url)
    return notice
