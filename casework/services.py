"""The 办件 workflow: every action a case can take, registered once (docs/domain.md "办件引擎").

Each action below is one registration on `CASES` (a casework.engine.Workflow): the statuses it
is lawful in, who may do it, its staff form, its handler and its success message. The public
functions at the end (`submit`, `accept`, `close`…) are thin, stable names for callers and
tests; they all go through `CASES.perform`, which locks, checks and logs.

No action takes a date or time from its caller: every timestamp comes from casework.clock
(server time), so nothing can be backdated (docs/domain.md "办件类型").
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from wagtail.models import Site

from guides.models import ProcessingKind
from portal.models.settings import SiteIdentity

from . import clock, deadlines, forms, notices
from .access import is_supervisor, staff_department_id, staff_window
from .engine import Action, ActionError, Workflow, clean_text, register_workflow
from .models import (
    Case,
    CaseMaterial,
    CaseNotice,
    CaseStatus,
    CaseTransition,
    CaseworkSettings,
    Channel,
    ClockStop,
    CorrectionItem,
    CorrectionRequest,
    DeficiencyPromise,
    DeliveryMethod,
    JointOpinion,
    NoticeKind,
    StopReason,
)

S = CaseStatus
CaseActionError = ActionError  # the name callers have always used

# Remedies a 不予受理告知书 must state (行政复议法 art. 20: 60 days; 行政诉讼法 art. 46: 6 months).
# The bodies are locality-specific, so they can be set in settings.
DEFAULT_REVIEW_BODY = "示范县人民政府"
DEFAULT_COURT = "示范县人民法院"
RECEIPT_PREFIX = "YS"  # one receipt number series for every channel

for _kind, _prefix in (
    (NoticeKind.CORRECTION, "BZ"), (NoticeKind.ACCEPTANCE, "SL"),
    (NoticeKind.REJECTION, "BY"), (NoticeKind.COMPLETION, "BJ"),
):
    notices.register_kind(_kind.value, _kind.label, _prefix, f"casework/notices/{_kind.value}.html")

CASES = register_workflow(
    Workflow("case", model=Case, transition_model=CaseTransition, matter_field="case", label="办件")
)


# ---------------------------------------------------------------- who may act


def department_staff(case, actor):
    """Only the case's own department (or a supervisor) processes it."""
    if is_supervisor(actor):
        return
    if staff_department_id(actor) != case.department_id or not actor.has_perm("casework.process_case"):
        raise ActionError("您无权处理其他部门的办件。")


def the_applicant(case, actor):
    if actor is None or case.applicant_id is None or case.applicant_id != actor.pk:
        raise ActionError("只有申请人本人可以进行此操作。")


def anyone_processing(case, actor):
    """Joint-opinion answers are checked per opinion in the handler."""


def only_kinds(*kinds):
    def guard(case):
        if case.processing_kind not in kinds:
            return f"只有{'、'.join(kinds)}可以进行此操作，本件为{case.processing_kind}。"
        return None

    return guard


def window_or_pre_approved(case):
    """A walk-in case is checked at the window as it is received, so the window may accept it
    straight from 待预审; an online case needs its pre-review first."""
    if case.status == S.SUBMITTED and case.channel != Channel.WINDOW:
        return f"办件当前状态为“{case.get_status_display()}”，须先预审通过才能受理。"
    return None


def from_window(case):
    return None if case.channel == Channel.WINDOW else "只有窗口收件可以登记收件。"


def from_online(case):
    return None if case.channel == Channel.ONLINE else "窗口收件由窗口人员登记。"


# ---------------------------------------------------------------- plumbing


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
        "item_code": case.item_code or case.item.item_code,
        "department": case.department.name,
        "processing_kind": case.processing_kind,
    }


def _issue_notice(case, actor, kind, **content):
    try:
        return notices.issue(CaseNotice, actor, kind, {**_case_summary(case), **content}, case=case)
    except notices.NumberingError as error:
        raise ActionError(str(error)) from None


def _notify(template_key, case, **extra):
    """Message the applicant after commit, so a rolled-back action sends nothing. Replayed
    history (seeding, imports) messages nobody."""
    if clock.is_replaying():
        return
    # has_account: a walk-in applicant without an account cannot log in to 我的办件, so the
    # messages offer what is there for them (the window) instead.
    context = {
        "name": case.applicant_name, "item_title": case.item.title, "case_number": case.receipt_number or "",
        "has_account": case.applicant_id is not None, **extra,
    }
    phone = case.applicant_phone
    account = case.applicant
    email = (getattr(getattr(account, "citizen", None), "email", "") or account.email or "") if account else ""

    def send():
        from citizens.messaging import send_message

        send_message(template_key, context, phone=phone, email=email)

    # robust: the case change is committed; a failed SMS is logged, never turned into a 500.
    transaction.on_commit(send, robust=True)


def sentence_part(text):
    """Text to embed in a sentence that supplies its own punctuation: trailing marks dropped,
    so no message says "。。" or "。；"."""
    return (text or "").strip().rstrip("。．.；;，,、！!？?")


def _current_files(case):
    return CaseMaterial.objects.filter(case=case, superseded=False)


def missing_required_materials(case) -> list[str]:
    """Names of required materials of the item with no current upload."""
    files = _current_files(case)
    have_ids = set(files.exclude(material=None).values_list("material_id", flat=True))
    have_names = set(files.values_list("material_name", flat=True))
    return [m.name for m in case.item.required_materials if m.pk not in have_ids and m.name not in have_names]


def _uploaded_materials(case):
    """[{name, files: [original names]}] of the current uploads, in the guide's order."""
    by_name = {}
    for row in _current_files(case).order_by("material_name", "uploaded_at", "pk"):
        by_name.setdefault(row.material_name, []).append(row.original_name)
    order = [m.name for m in case.item.materials.all()]
    names = sorted(by_name, key=lambda n: (order.index(n) if n in order else len(order), n))
    return [{"name": n, "files": by_name[n]} for n in names]


def _assign_receipt(locked, materials, pre_review=True):
    """First submission: the receipt number, time and the frozen receipt content. Never again.
    `pre_review` is False for a walk-in case accepted at once (no pre-review runs)."""
    if not locked.receipt_number:

        def assign(number):
            Case.objects.filter(pk=locked.pk).update(receipt_number=number)
            return number

        try:
            locked.receipt_number = notices.next_number(RECEIPT_PREFIX, Case, "receipt_number", assign)
        except notices.NumberingError as error:
            raise ActionError(str(error)) from None
    now = clock.now()
    locked.submitted_at = now
    locked.submitted_on = clock.today()
    locked.pre_review_due_date = deadlines.pre_review_due(locked.submitted_on) if pre_review else None
    locked.item_code = locked.item_code or locked.item.item_code
    locked.receipt_snapshot = {
        "materials": materials,
        "pre_review_due": locked.pre_review_due_date.isoformat() if pre_review else "",
        "item_title": locked.item.title,
        "channel": locked.channel,
    }
    return ["receipt_number", "submitted_at", "submitted_on", "pre_review_due_date", "item_code", "receipt_snapshot"]


# ---------------------------------------------------------------- applicant actions


def _submit(locked, actor):
    """草稿 → 待预审 (网上). Requires the declaration and every required material; assigns the
    receipt number "YS" + YYYYMMDD + "-" + 6-digit daily sequence."""
    if not locked.declaration_accepted:
        raise ActionError("请先阅读并确认申请承诺。")
    missing = missing_required_materials(locked)
    if missing:
        raise ActionError("以下必须提交的材料尚未上传：" + "、".join(missing))
    fields = _assign_receipt(locked, _uploaded_materials(locked))
    CASES.record(locked, actor, "submit", S.SUBMITTED, update_fields=fields)
    _notify("application_submitted", locked)
    return locked


CASES.register(Action(
    "submit", "提交申请", (S.DRAFT,), _submit, the_applicant, guard=from_online, staff=False,
))


def _resubmit_corrections(locked, actor, note=""):
    """待补正 → 待预审. Every flagged material must have been re-uploaded since the notice, and
    nothing else changed (the applicant fixes only what was flagged). The first submission time
    and the receipt stay as they were: this is a new transition, not a new submission."""
    request = locked.correction_requests.filter(resolved_at=None).order_by("-requested_at").first()
    if request is None:
        raise ActionError("没有待处理的补正告知。")
    items = list(request.items.all())
    new_files = CaseMaterial.objects.filter(case=locked, uploaded_at__gt=request.requested_at)
    flagged_ids = {i.material_id for i in items if i.material_id}
    flagged_names = {i.material_name for i in items}
    listed_names = {m.name for m in locked.item.materials.all()}
    for f in new_files:
        if f.material_id not in flagged_ids and f.material_name not in flagged_names:
            raise ActionError(f"“{f.material_name}”不在补正范围内，只能重新上传被告知补正的材料。")
    missing = [
        item.material_name for item in items
        if (item.material_id or item.material_name in listed_names) and not _has_new_upload(new_files, item)
    ]
    if missing:
        raise ActionError("以下材料尚未重新上传：" + "、".join(missing))
    request.items.update(resolved=True)
    request.resolved_at = clock.now()
    request.save(update_fields=["resolved_at"])
    # The pre-review of the corrected materials runs its own period from today.
    locked.pre_review_due_date = deadlines.pre_review_due(clock.today())
    files = "；".join(f"{m['name']}：{'、'.join(m['files'])}" for m in _uploaded_materials(locked))
    text = "\n".join(part for part in (note.strip(), f"补正后材料：{files}") if part)
    CASES.record(locked, actor, "resubmit_corrections", S.SUBMITTED, text, update_fields=["pre_review_due_date"])
    return locked


def _has_new_upload(new_files, item):
    return any(
        (item.material_id and f.material_id == item.material_id) or f.material_name == item.material_name
        for f in new_files
    )


CASES.register(Action(
    "resubmit_corrections", "提交补正材料", (S.CORRECTION,), _resubmit_corrections, the_applicant, staff=False,
))


def _withdraw(locked, actor, note=""):
    """The applicant withdraws before acceptance (申请人撤回)."""
    CASES.record(locked, actor, "withdraw", S.WITHDRAWN, note)
    return locked


CASES.register(Action(
    "withdraw", "撤回申请", (S.DRAFT, S.SUBMITTED, S.CORRECTION, S.PRE_APPROVED), _withdraw, the_applicant,
    guard=from_online, staff=False,
))


# ---------------------------------------------------------------- window intake


def _receive_at_window(locked, actor, materials=(), accepting=False, window=None):
    """草稿 → 待预审 (窗口收件): staff have checked the materials on the spot; the case gets
    the same receipt number series as an online one. `accepting`: 受理 follows in the same
    transaction, so no pre-review deadline is set or printed."""
    fields = _assign_receipt(locked, [{"name": n, "files": []} for n in materials], pre_review=not accepting)
    locked.received_by = actor
    locked.window = window or staff_window(actor)
    if locked.window is not None and locked.window.department_id != locked.department_id:
        raise ActionError("所选窗口不属于本事项的受理部门。")
    where = f"{locked.window.number}号窗口收件" if locked.window else "窗口收件"
    CASES.record(locked, actor, "receive_at_window", S.SUBMITTED, where, update_fields=[*fields, "received_by", "window"])
    return locked


CASES.register(Action(
    "receive_at_window", "窗口收件", (S.DRAFT,), _receive_at_window, department_staff, guard=from_window, staff=False,
))


# ---------------------------------------------------------------- pre-review


def _pre_approve(locked, actor, note=""):
    """待预审 → 预审通过: the applicant may now book a slot with priority."""
    locked.pre_reviewed_at = clock.now()
    CASES.record(locked, actor, "pre_approve", S.PRE_APPROVED, note, update_fields=["pre_reviewed_at"])
    return locked


CASES.register(Action(
    "pre_approve", "预审通过", (S.SUBMITTED,), _pre_approve, department_staff, form=forms.NoteForm, guard=from_online,
    message=lambda r, c: "已预审通过，申请人可预约到窗口办理。",
))


def _request_corrections(locked, actor, items, note=""):
    """待预审 → 待补正 with ONE 《材料补齐通知书》 listing every problem (一次性告知).
    items: [(Material or material name, reason), …]. The correction due date comes from the
    configured period (CaseworkSettings), never from what staff type."""
    cleaned = _clean_correction_items(items)
    materials_by_name = {m.name: m for m in locked.item.materials.all()}
    rows = []
    for material, reason in cleaned:
        if isinstance(material, str):
            name, material = material, materials_by_name.get(material)
        else:
            name = material.name
        rows.append((material, name, reason))
    due = deadlines.correction_due(clock.today())
    notice = _issue_notice(
        locked, actor, NoticeKind.CORRECTION,
        items=[{"material": name, "reason": reason} for _, name, reason in rows],
        submitted_on=locked.submitted_on.isoformat() if locked.submitted_on else "",
        note=note,
        due_date=due.isoformat(),
        pre_review_days=CaseworkSettings.current().pre_review_working_days,
    )
    request = CorrectionRequest.objects.create(case=locked, notice=notice, requested_at=clock.now(), due_date=due)
    CorrectionItem.objects.bulk_create(
        CorrectionItem(request=request, material=m, material_name=n, reason=r) for m, n, r in rows
    )
    locked.correction_rounds += 1
    summary = "；".join(f"{n}：{sentence_part(r)}" for _, n, r in rows)
    CASES.record(locked, actor, "request_corrections", S.CORRECTION, summary, update_fields=["correction_rounds"])
    _notify("correction_requested", locked, problems=summary, due_date=f"{due:%Y-%m-%d}")
    return notice


def _clean_correction_items(items):
    cleaned, seen = [], set()
    for material, reason in items or ():
        reason = (reason or "").strip()
        name = (material if isinstance(material, str) else getattr(material, "name", "")) or ""
        name = name.strip()
        if not name:
            continue
        if not reason:
            raise ActionError(f"请写明“{name}”的问题及补正要求。")
        if len(reason) > 500:
            raise ActionError(f"“{name}”的补正要求不能超过 500 个字。")
        if name in seen:
            raise ActionError(f"“{name}”重复列出，请合并为一条。")
        seen.add(name)
        cleaned.append((name if isinstance(material, str) else material, reason))
    if not cleaned:
        raise ActionError("请至少列出一项需要补正的材料及原因。")
    return cleaned


CASES.register(Action(
    "request_corrections", "一次性告知补正", (S.SUBMITTED,), _request_corrections, department_staff,
    form=forms.CorrectionForm, form_kwargs=lambda case: {"materials": list(case.item.materials.all())},
    guard=from_online,
    message=lambda notice, c: f"已出具《材料补齐通知书》{notice.number}，并通知申请人。",
))


def _reject(locked, actor, reasons):
    """待预审/预审通过 → 不予受理, with a written 《不予受理告知书》 stating reasons and remedies."""
    reasons = clean_text(reasons, "不予受理的理由", max_length=2000)
    notice = _issue_notice(
        locked, actor, NoticeKind.REJECTION,
        reasons=reasons,
        review_body=getattr(settings, "ADMINISTRATIVE_REVIEW_BODY", DEFAULT_REVIEW_BODY),
        review_days=60,
        court=getattr(settings, "ADMINISTRATIVE_COURT", DEFAULT_COURT),
        litigation_months=6,
    )
    locked.handled_by = actor
    CASES.record(locked, actor, "reject", S.REJECTED, reasons, update_fields=["handled_by"])
    _notify("case_rejected", locked, reason=sentence_part(reasons))
    return notice


CASES.register(Action(
    "reject", "不予受理", (S.SUBMITTED, S.PRE_APPROVED), _reject, department_staff, form=forms.RejectForm,
    message=lambda notice, c: f"已出具《不予受理告知书》{notice.number}。",
))


# ---------------------------------------------------------------- acceptance


def _accept(locked, actor, note="", close_now=False, result="", delivery_method=DeliveryMethod.WINDOW, address=""):
    """预审通过 (or, at the window, 待预审) → 已受理 with a numbered, dated 《受理通知书》 stating
    the promised deadline. A 即办件 may be closed on the spot in the same transaction
    (close_now), so a close refused for bad input leaves nothing half done."""
    if close_now and locked.processing_kind != ProcessingKind.IMMEDIATE:
        raise ActionError("只有即办件可以当场办结。")
    notice = _accept_now(locked, actor, note)
    if close_now:
        _close(locked, actor, result, delivery_method, address, "")
    return notice


def _accept_message(notice, case):
    if case.status == S.CLOSED:
        return f"已受理（{notice.number}）并当场办结。"
    return f"已受理，《受理通知书》{notice.number}，承诺办结日期 {case.due_date:%Y-%m-%d}。"


CASES.register(Action(
    "accept", "受理", (S.PRE_APPROVED, S.SUBMITTED), _accept, department_staff, form=forms.AcceptForm,
    form_kwargs=lambda case: {"immediate": case.processing_kind == ProcessingKind.IMMEDIATE},
    guard=window_or_pre_approved, message=_accept_message,
))


def _accept_with_deficiency(locked, actor, material_name, due_date, promise_text, note=""):
    """容缺受理: accepted now; a non-essential material follows by due_date against a written promise."""
    material_name = clean_text(material_name, "容缺材料名称", max_length=200)
    promise_text = clean_text(promise_text, "承诺内容", max_length=2000)
    if not isinstance(due_date, date):
        raise ActionError("请填写补交期限。")
    if due_date < clock.today():
        raise ActionError("补交期限不能早于今天。")
    required = {m.name for m in locked.item.required_materials}
    if material_name in required and getattr(settings, "DEFICIENCY_ONLY_OPTIONAL", False):
        raise ActionError("必须提交的核心材料不能容缺。")
    DeficiencyPromise.objects.create(case=locked, material_name=material_name, due_date=due_date, promise_text=promise_text)
    locked.accepted_with_deficiency = True
    return _accept_now(
        locked, actor, note or f"容缺受理：{material_name}，承诺于 {due_date:%Y-%m-%d} 前补交。",
        action_name="accept_with_deficiency",
        deficiency={"material": material_name, "due_date": due_date.isoformat(), "promise": promise_text},
    )


CASES.register(Action(
    "accept_with_deficiency", "容缺受理", (S.PRE_APPROVED, S.SUBMITTED), _accept_with_deficiency, department_staff,
    form=forms.DeficiencyForm, guard=window_or_pre_approved,
    message=lambda notice, c: f"已容缺受理，《受理通知书》{notice.number}。",
))


def _accept_now(locked, actor, note, action_name="accept", deficiency=None):
    locked.accepted_at = clock.now()
    locked.acceptance_date = clock.today()
    locked.handled_by = actor
    locked.window = locked.window or staff_window(actor)
    locked.due_date = deadlines.due_date_of(locked)
    content = {
        "accepted_on": locked.acceptance_date.isoformat(),
        "promised_limit_days": locked.promised_limit_days,
        "due_date": locked.due_date.isoformat(),
        "note": note,
    }
    if deficiency:
        content["deficiency"] = deficiency
    notice = _issue_notice(locked, actor, NoticeKind.ACCEPTANCE, **content)
    CASES.record(
        locked, actor, action_name, S.ACCEPTED, note,
        update_fields=["accepted_at", "acceptance_date", "due_date", "accepted_with_deficiency", "handled_by", "window"],
    )
    _notify("case_accepted", locked, deadline=f"{locked.due_date:%Y-%m-%d}")
    return notice


def _fulfil_deficiency(locked, actor, promise_id, note=""):
    """容缺材料已补交: marks the promise kept (the case cannot close until it is)."""
    promise = DeficiencyPromise.objects.select_for_update().filter(pk=promise_id, case=locked).first()
    if promise is None:
        raise ActionError("没有找到该容缺承诺。")
    if promise.fulfilled_at:
        raise ActionError("该容缺材料已登记补交。")
    promise.fulfilled_at = clock.now()
    promise.save(update_fields=["fulfilled_at"])
    CASES.record(locked, actor, "fulfil_deficiency", locked.status, note or f"已补交容缺材料：{promise.material_name}")
    return promise


CASES.register(Action(
    "fulfil_deficiency", "容缺材料已补交", (S.ACCEPTED, S.STOPPED), _fulfil_deficiency, department_staff,
    form=forms.FulfilForm, guard=lambda case: None if case.accepted_with_deficiency else "本件不是容缺受理。",
    message=lambda p, c: "已登记容缺材料补交。",
))


# ---------------------------------------------------------------- the running clock


def _stop_clock(locked, actor, reason, approved_by, note=""):
    """已受理 → 暂停计时, for a listed, active reason, with the approver's name."""
    approved_by = clean_text(approved_by, "批准人", max_length=50)
    note = clean_text(note, "说明", required=False, max_length=2000)
    if not isinstance(reason, StopReason):
        reason = StopReason.objects.filter(pk=reason).first() if str(reason).isdigit() else None
    if reason is None or not StopReason.objects.filter(pk=reason.pk, active=True).exists():
        raise ActionError("请从列表中选择有效的暂停计时事由。")
    stop = ClockStop.objects.create(
        case=locked, reason=reason, note=note, approved_by=approved_by, started_on=clock.today(), started_by=actor
    )
    CASES.record(locked, actor, "stop_clock", S.STOPPED, f"{reason.name}（批准人：{approved_by}）{note}")
    return stop


CASES.register(Action(
    "stop_clock", "暂停计时", (S.ACCEPTED,), _stop_clock, department_staff, form=forms.StopForm,
    message=lambda s, c: "已暂停计时。",
))


def _resume_clock(locked, actor, note=""):
    """暂停计时 → 已受理. Records the working days stopped and moves the deadline by them.

    A stop longer than its reason's maximum is the abuse docs/domain.md ("停止计时") warns of:
    window staff cannot resume it themselves; a supervisor must, with a written explanation.
    """
    stop = locked.clock_stops.select_related("reason").filter(ended_on=None).order_by("-started_on", "-pk").first()
    if stop is None:
        raise ActionError("没有进行中的暂停计时记录。")
    days = deadlines.working_days_between(stop.started_on, clock.today())
    if days > stop.reason.max_working_days:
        if not is_supervisor(actor):
            raise ActionError(
                f"暂停已达 {days} 个工作日，超过“{stop.reason.name}”最长 {stop.reason.max_working_days} 个工作日，"
                "须由督查人员恢复计时并说明原因。"
            )
        if not (note or "").strip():
            raise ActionError("暂停超过最长期限，请说明原因。")
    stop.end(clock.today())
    locked.stopped_working_days += stop.working_days
    locked.due_date = deadlines.due_date_of(locked)
    text = f"暂停 {stop.working_days} 个工作日，承诺办结日期顺延至 {locked.due_date:%Y-%m-%d}。{note or ''}".strip()
    CASES.record(locked, actor, "resume_clock", S.ACCEPTED, text, update_fields=["stopped_working_days", "due_date"])
    return stop


CASES.register(Action(
    "resume_clock", "恢复计时", (S.STOPPED,), _resume_clock, department_staff, form=forms.NoteForm,
    message=lambda stop, c: f"已恢复计时，本次暂停 {stop.working_days} 个工作日。",
))


# ---------------------------------------------------------------- 报批件 and 联办件


def _forward(locked, actor, forwarded_to, note=""):
    """报批件: 已受理 → 已转报 to the higher authority that decides."""
    locked.forwarded_to = clean_text(forwarded_to, "转报机关", max_length=100)
    CASES.record(locked, actor, "forward", S.FORWARDED, f"转报{locked.forwarded_to}。{note}", update_fields=["forwarded_to"])
    return locked


CASES.register(Action(
    "forward", "转报上级机关", (S.ACCEPTED,), _forward, department_staff, form=forms.ForwardForm,
    guard=only_kinds(ProcessingKind.FORWARDED), message=lambda r, c: "已转报上级机关。",
))


def _record_higher_decision(
    locked, actor, decision, close_case=False, result="", delivery_method=DeliveryMethod.WINDOW, address="",
    overdue_reason="",
):
    """报批件: 已转报 → 已受理 with the higher authority's decision recorded; or, with
    close_case=True, straight on to 办结 in the same transaction."""
    locked.higher_decision = clean_text(decision, "上级机关决定", max_length=2000)
    CASES.record(locked, actor, "record_higher_decision", S.ACCEPTED, locked.higher_decision, update_fields=["higher_decision"])
    if close_case:
        return _close(locked, actor, result or locked.higher_decision, delivery_method, address, overdue_reason)
    return None


CASES.register(Action(
    "record_higher_decision", "登记上级决定", (S.FORWARDED,), _record_higher_decision, department_staff,
    form=forms.HigherDecisionForm, guard=only_kinds(ProcessingKind.FORWARDED),
    message=lambda r, c: "已登记上级机关决定。",
))


def _request_joint_opinions(locked, actor, departments, note=""):
    """联办件: the lead window asks the other departments (并联审批; the applicant is not sent round)."""
    departments = [d for d in departments if d.pk != locked.department_id]
    if not departments:
        raise ActionError("请至少选择一个牵头部门以外的部门。")
    asked = set(locked.joint_opinions.values_list("department_id", flat=True))
    new = [d for d in departments if d.pk not in asked]
    if not new:
        raise ActionError("所选部门均已征求过意见。")
    now = clock.now()
    JointOpinion.objects.bulk_create(JointOpinion(case=locked, department=d, requested_at=now, requested_by=actor) for d in new)
    names = "、".join(d.name for d in new)
    CASES.record(locked, actor, "request_joint_opinions", locked.status, f"征求{names}意见。{note}".strip())
    return locked


CASES.register(Action(
    "request_joint_opinions", "征求联办意见", (S.ACCEPTED,), _request_joint_opinions, department_staff,
    form=forms.JointOpinionsForm, form_kwargs=lambda case: {"lead_department": case.department},
    guard=only_kinds(ProcessingKind.JOINT), message=lambda r, c: "已向所选部门征求意见。",
))


def _answer_joint_opinion(locked, actor, opinion_id, agrees, text=""):
    """The asked department's staff answer (同意/不同意 with the opinion text)."""
    text = clean_text(text, "意见", required=not agrees, max_length=2000)
    opinion = JointOpinion.objects.select_for_update().select_related("department").filter(pk=opinion_id, case=locked).first()
    if opinion is None:
        raise ActionError("没有找到该联办意见。")
    if not is_supervisor(actor) and (
        staff_department_id(actor) != opinion.department_id or not actor.has_perm("casework.process_case")
    ):
        raise ActionError("只有被征求意见部门的工作人员可以答复。")
    if opinion.answered_at:
        raise ActionError("该部门已答复过意见。")
    opinion.agrees = bool(agrees)
    opinion.opinion = text or "同意"
    opinion.answered_at = clock.now()
    opinion.answered_by = actor
    opinion.save(update_fields=["agrees", "opinion", "answered_at", "answered_by"])
    verdict = "同意" if agrees else "不同意"
    CASES.record(locked, actor, "answer_joint_opinion", locked.status, f"{opinion.department.name}：{verdict}。{text}".strip())
    return opinion


CASES.register(Action(
    "answer_joint_opinion", "答复联办意见", (S.ACCEPTED,), _answer_joint_opinion, anyone_processing,
    form=forms.AnswerOpinionForm, guard=only_kinds(ProcessingKind.JOINT), staff=False,
    message=lambda r, c: "已答复联办意见。",
))


# ---------------------------------------------------------------- closing


def _close(locked, actor, result, delivery_method, address="", overdue_reason=""):
    """已受理 → 已办结 with a 《办结通知书》. Stores what the bulletin counts: the closing date,
    whether it was late and the working days used without stopped time."""
    result = clean_text(result, "办理结果", max_length=2000)
    if delivery_method not in DeliveryMethod.values:
        raise ActionError("请选择送达方式。")
    address = clean_text(address, "邮寄地址", required=delivery_method == DeliveryMethod.POST, max_length=200)
    overdue_reason = clean_text(overdue_reason, "超期原因", required=False, max_length=2000)
    if locked.joint_opinions.filter(answered_at=None).exists():
        raise ActionError("尚有联办部门未答复意见，不能办结。")
    if locked.deficiency_promises.filter(fulfilled_at=None).exists():
        raise ActionError("容缺材料尚未补交，不能办结。")
    today = clock.today()
    late = locked.due_date is not None and today > locked.due_date
    if late and not overdue_reason:
        raise ActionError(f"本件已超过承诺办结日期（{locked.due_date:%Y-%m-%d}），请填写超期原因。")
    locked.result = result
    locked.delivery_method = delivery_method
    locked.delivery_address = address
    locked.overdue_reason = overdue_reason if late else ""
    locked.closed_at = clock.now()
    locked.closed_on = today
    locked.closed_late = late
    locked.working_days_used = deadlines.working_days_used(locked, today)
    locked.handled_by = actor
    notice = _issue_notice(
        locked, actor, NoticeKind.COMPLETION,
        result=result,
        delivery_method=DeliveryMethod(delivery_method).label,
        delivery_address=address,
        closed_on=today.isoformat(),
        due_date=locked.due_date.isoformat() if locked.due_date else "",
        overdue_reason=locked.overdue_reason,
    )
    CASES.record(
        locked, actor, "close", S.CLOSED, result,
        update_fields=[
            "result", "delivery_method", "delivery_address", "overdue_reason", "closed_at", "closed_on",
            "closed_late", "working_days_used", "handled_by",
        ],
    )
    # 好差评: the SMS carries the rating page of this case in 我的办件 (docs/domain.md "## 好差评"),
    # only to an applicant with an account: a walk-in without one rates the visit (一次一评) instead.
    rating_url = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/my/cases/{locked.pk}/rate/" if locked.applicant_id else ""
    _notify("case_closed", locked, result=sentence_part(result), rating_url=rating_url)
    return notice


CASES.register(Action(
    "close", "办结", (S.ACCEPTED,), _close, department_staff, form=forms.CloseForm,
    message=lambda notice, c: f"已办结，《办结通知书》{notice.number}。",
))


# ---------------------------------------------------------------- public API (stable names)


def lawful_actions(case) -> list[str]:
    """Staff actions lawful in the case's current status and kind (what the admin shows)."""
    return CASES.lawful_actions(case)


def submit(case, actor, *, expected_version=None):
    return CASES.perform(case, actor, "submit", expected_version=expected_version)


def resubmit_corrections(case, actor, *, note="", expected_version=None):
    return CASES.perform(case, actor, "resubmit_corrections", expected_version=expected_version, note=note)


def withdraw(case, actor, *, note="", expected_version=None):
    return CASES.perform(case, actor, "withdraw", expected_version=expected_version, note=note)


def pre_approve(case, actor, *, note="", expected_version=None):
    return CASES.perform(case, actor, "pre_approve", expected_version=expected_version, note=note)


def request_corrections(case, actor, items, *, note="", expected_version=None):
    return CASES.perform(case, actor, "request_corrections", expected_version=expected_version, items=items, note=note)


def reject(case, actor, reasons, *, expected_version=None):
    return CASES.perform(case, actor, "reject", expected_version=expected_version, reasons=reasons)


def accept(case, actor, *, note="", close_now=False, result="", delivery_method=DeliveryMethod.WINDOW, address="",
           expected_version=None):
    return CASES.perform(
        case, actor, "accept", expected_version=expected_version, note=note, close_now=close_now, result=result,
        delivery_method=delivery_method, address=address,
    )


def accept_with_deficiency(case, actor, *, material_name, due_date, promise_text, note="", expected_version=None):
    return CASES.perform(
        case, actor, "accept_with_deficiency", expected_version=expected_version, material_name=material_name,
        due_date=due_date, promise_text=promise_text, note=note,
    )


def fulfil_deficiency(case, actor, promise, *, note="", expected_version=None):
    CASES.perform(case, actor, "fulfil_deficiency", expected_version=expected_version, promise_id=promise.pk, note=note)
    return case


def stop_clock(case, actor, reason, approved_by, note="", *, expected_version=None):
    return CASES.perform(
        case, actor, "stop_clock", expected_version=expected_version, reason=reason, approved_by=approved_by, note=note
    )


def resume_clock(case, actor, *, note="", expected_version=None):
    return CASES.perform(case, actor, "resume_clock", expected_version=expected_version, note=note)


def forward(case, actor, forwarded_to, *, note="", expected_version=None):
    return CASES.perform(case, actor, "forward", expected_version=expected_version, forwarded_to=forwarded_to, note=note)


def record_higher_decision(
    case, actor, decision, *, close_case=False, result="", delivery_method=DeliveryMethod.WINDOW, address="",
    overdue_reason="", expected_version=None,
):
    return CASES.perform(
        case, actor, "record_higher_decision", expected_version=expected_version, decision=decision,
        close_case=close_case, result=result, delivery_method=delivery_method, address=address,
        overdue_reason=overdue_reason,
    )


def request_joint_opinions(case, actor, departments, *, note="", expected_version=None):
    return CASES.perform(
        case, actor, "request_joint_opinions", expected_version=expected_version, departments=departments, note=note
    )


def answer_joint_opinion(opinion, actor, agrees, text="", *, expected_version=None):
    case = opinion.case
    result = CASES.perform(
        case, actor, "answer_joint_opinion", expected_version=expected_version, opinion_id=opinion.pk,
        agrees=agrees, text=text,
    )
    opinion.refresh_from_db()
    return result


def close(case, actor, result, delivery_method, address="", overdue_reason="", *, expected_version=None):
    return CASES.perform(
        case, actor, "close", expected_version=expected_version, result=result, delivery_method=delivery_method,
        address=address, overdue_reason=overdue_reason,
    )
