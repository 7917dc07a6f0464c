"""The lifecycle of an information request on the casework engine (docs/domain.md § 依申请公开).

    received ──request_correction──▶ correcting ──receive_correction──▶ received
    received ──extend (once, approved)──▶ received
    received ──reply (one of the lawful kinds)──▶ answered

The deadline: 20 working days from receipt (`ExtendableDeadline`), plus the working days any
补正 pause lasted, plus the one extension. Every step writes one transition, and the steps
the requester must know of issue a numbered notice and a message.
"""

from casework import clock, notices
from casework.deadlines import due_date_of
from casework.engine import (
    Action,
    ActionError,
    Workflow,
    clean_text,
    end_pause,
    extend_deadline,
    register_workflow,
    start_pause,
)
from citizens.messaging import send_message
from workdays.calendar import add_working_days, working_days_between

from .choices import REASON_LABELS, REPLY_REASONS, ReplyKind, RequestStatus
from .models import (
    CORRECTION_ANSWER_WORKING_DAYS,
    CORRECTION_REQUEST_WORKING_DAYS,
    EXTENSION_WORKING_DAYS,
    MAX_CORRECTION_ANSWER_WORKING_DAYS,
    CorrectionPause,
    InfoRequest,
    InfoRequestNotice,
    InfoRequestTransition,
)

NOTICE_TEMPLATE = "inforequests/notice.html"
notices.register_kind("inforequest_receipt", "政府信息公开申请登记回执", "YSHZ", NOTICE_TEMPLATE)
notices.register_kind("inforequest_correction", "补正申请告知书", "YSBZ", NOTICE_TEMPLATE)
notices.register_kind("inforequest_extension", "延期答复告知书", "YSYQ", NOTICE_TEMPLATE)
notices.register_kind("inforequest_reply", "政府信息公开申请答复书", "YSDF", NOTICE_TEMPLATE)

REMEDIES = ("如对本答复不服，可以自收到本答复之日起 60 日内向示范县人民政府申请行政复议，"
            "或者自收到本答复之日起 6 个月内向示范县人民法院提起行政诉讼。")

workflow = register_workflow(Workflow(
    "inforequest", model=InfoRequest, transition_model=InfoRequestTransition, matter_field="request", label="申请",
))


ACTION_LABELS = {
    "receive": "收到申请", "request_correction": "要求补正", "receive_correction": "收到补正",
    "extend": "延期答复", "reply": "答复",
}


def can_handle(user):
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or user.has_perm("inforequests.handle_inforequest")
    )


def staff_only(matter, actor):
    if not can_handle(actor):
        raise ActionError("您没有办理依申请公开的权限。")


def cn_date(day):
    """2026年12月1日, as written in official documents."""
    return f"{day.year}年{day.month}月{day.day}日"


def _issue(request, actor, kind, **body):
    body = {"requester": request.requester_name, "number": request.number,
            "received_on": f"{request.received_on:%Y-%m-%d}", **body}
    return notices.issue(InfoRequestNotice, actor, kind, body, request=request)


def _tell(request, template_key, **context):
    if clock.is_replaying():
        return  # seeding history: nobody to message
    send_message(template_key, {"name": request.requester_name, "number": request.number, **context},
                 phone=request.phone, email=request.email)


# -- 补正 -----------------------------------------------------------------------------------------

def _correction_guard(request):
    if request.pauses.exists():
        return "补正只能一次性告知，本申请已经要求过补正。"
    used = working_days_between(request.received_on, clock.today())
    if used > CORRECTION_REQUEST_WORKING_DAYS:
        return f"补正应在收到申请之日起 {CORRECTION_REQUEST_WORKING_DAYS} 个工作日内提出，已过 {used} 个工作日。"
    return None


def request_correction(request, actor, *, items, days=CORRECTION_ANSWER_WORKING_DAYS, approved_by=""):
    """Tell the requester, once, what to add and by when (条例第三十条: "说明需要补正的事项和
    合理的补正期限"); the clock pauses until the answer arrives."""
    items = clean_text(items, "需要补正的内容", max_length=2000)
    items = items.rstrip("。.；;，, ") or items  # the notice adds its own full stop
    if not 1 <= int(days) <= MAX_CORRECTION_ANSWER_WORKING_DAYS:
        raise ActionError(f"补正期限应为 1 到 {MAX_CORRECTION_ANSWER_WORKING_DAYS} 个工作日。")
    answer_by = add_working_days(clock.today(), int(days))
    start_pause(CorrectionPause, actor, request=request, note=items, approved_by=approved_by, answer_by=answer_by)
    workflow.record(request, actor, "request_correction", RequestStatus.CORRECTING,
                    note=f"{items}（补正期限 {answer_by:%Y-%m-%d}）")
    notice = _issue(request, actor, "inforequest_correction", items=items, answer_by=f"{answer_by:%Y-%m-%d}", text=(
        f"你（单位）于 {cn_date(request.received_on)} 提出的政府信息公开申请内容不明确，请于 {cn_date(answer_by)} 前"
        f"补正以下内容：{items}。答复期限自本机关收到补正的申请之日起继续计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该申请。"))
    _tell(request, "inforequest_correction", answer_by=f"{answer_by:%Y-%m-%d}")
    return notice


workflow.register(Action("request_correction", "要求补正", (RequestStatus.RECEIVED,), request_correction, staff_only,
                         guard=_correction_guard, message=lambda notice, m: (
                             f"已出具《补正申请告知书》{notice.number}，补正期限 {notice.body['answer_by']}，答复期限暂停计算。")))


def receive_correction(request, actor, *, answer):
    answer = clean_text(answer, "补正内容", max_length=5000)
    pause = request.open_pause()
    pause.answer = answer
    pause.save(update_fields=["answer"])
    days = end_pause(pause)
    request.paused_working_days += days
    request.due_date = due_date_of(request)
    workflow.record(request, actor, "receive_correction", RequestStatus.RECEIVED,
                    note=f"收到补正：{answer}", update_fields=["paused_working_days", "due_date"])
    return request.due_date


def requester_or_staff(matter, actor):
    """The requester answers a 补正 from the tracking page (actor None, identity checked by SMS
    code there); staff register one received by post or in person."""
    if actor is not None:
        staff_only(matter, actor)


workflow.register(Action("receive_correction", "登记补正", (RequestStatus.CORRECTING,), receive_correction, requester_or_staff,
                         message=lambda due, m: f"已登记补正，答复期限为 {due:%Y-%m-%d}。"))


# -- 延期 -----------------------------------------------------------------------------------------

def extend(request, actor, *, approved_by, reason, days=EXTENSION_WORKING_DAYS):
    fields = extend_deadline(request, days=days, approved_by=approved_by, reason=reason, max_days=EXTENSION_WORKING_DAYS)
    workflow.record(request, actor, "extend", RequestStatus.RECEIVED,
                    note=f"延长 {days} 个工作日，批准人 {request.extension_approved_by}：{request.extension_reason}",
                    update_fields=fields)
    notice = _issue(request, actor, "inforequest_extension", due_date=f"{request.due_date:%Y-%m-%d}", text=(
        f"你（单位）于 {cn_date(request.received_on)} 提出的政府信息公开申请，因{request.extension_reason}，"
        f"需要延长答复期限。经负责人同意，答复期限延长 {days} 个工作日，至 {cn_date(request.due_date)}。"))
    _tell(request, "inforequest_extended", due_date=f"{request.due_date:%Y-%m-%d}")
    return notice


workflow.register(Action("extend", "延期答复", (RequestStatus.RECEIVED,), extend, staff_only,
                         guard=lambda r: "答复期限只能延长一次，本申请已延长过。" if r.extended_at else None,
                         message=lambda notice, m: f"已延期并出具《延期答复告知书》{notice.number}。"))


# -- 答复 -----------------------------------------------------------------------------------------

def reply_text(kind, reason, content, refer_to=""):
    kind = ReplyKind(kind)
    lead = {
        ReplyKind.DISCLOSE: "经审查，你（单位）申请获取的政府信息属于公开范围，现予以公开。",
        ReplyKind.PARTIAL: "经审查，你（单位）申请获取的政府信息部分可以公开，现提供可以公开的部分；其余部分不予公开。",
        ReplyKind.WITHHOLD: "经审查，你（单位）申请获取的政府信息不予公开。",
        ReplyKind.UNAVAILABLE: "经检索，本机关无法提供你（单位）申请获取的政府信息。",
        ReplyKind.NOT_PROCESSED: "经审查，你（单位）的申请不属于《政府信息公开条例》规定的政府信息公开申请，本机关不予处理。",
        ReplyKind.OTHER: "本机关对你（单位）的申请作如下处理。",
    }[kind]
    parts = [lead]
    if reason:
        parts.append(f"理由：{REASON_LABELS[reason]}。")
    if refer_to:
        parts.append(f"该政府信息由{refer_to}负责公开，请另行向该机关提出申请。")
    if content:
        parts.append(content)
    return "".join(parts)


def reply(request, actor, *, kind, reason="", content="", refer_to=""):
    if kind not in ReplyKind.values:
        raise ActionError("请选择处理决定。")
    lawful = [code for code, _ in REPLY_REASONS.get(ReplyKind(kind), [])]
    if lawful and reason not in lawful:
        raise ActionError(f"“{ReplyKind(kind).label}”须选择理由。")
    if not lawful:
        reason = ""
    if kind == ReplyKind.PARTIAL and not (content or "").strip():
        raise ActionError("部分公开须说明不予公开部分及其理由。")
    if request.status == RequestStatus.CORRECTING:
        # While waiting for a 补正 the only lawful close is "逾期不补正, 不再处理" (条例第三十条).
        if (kind, reason) != (ReplyKind.OTHER, "no_correction"):
            raise ActionError("申请当前状态为“待申请人补正”，只能以“申请人无正当理由逾期不补正”处理。")
        pause = request.open_pause()
        if pause.answer_by and clock.today() <= pause.answer_by:
            raise ActionError(f"补正期限 {pause.answer_by:%Y-%m-%d} 尚未届满，不能以“逾期不补正”处理。")
        end_pause(pause)
    content = (content or "").strip()[:5000]
    refer_to = (refer_to or "").strip()[:100]
    request.reply_kind, request.reply_reason, request.answered_on = kind, reason, clock.today()
    result = ReplyKind(kind).label + (f"（{REASON_LABELS[reason]}）" if reason else "")
    workflow.record(request, actor, "reply", RequestStatus.ANSWERED, note=result,
                    update_fields=["reply_kind", "reply_reason", "answered_on"])
    notice = _issue(request, actor, "inforequest_reply", result=result, remedies=REMEDIES,
                    text=reply_text(kind, reason, content, refer_to))
    _tell(request, "inforequest_answered", result=result)
    return notice


workflow.register(Action("reply", "答复", (RequestStatus.RECEIVED, RequestStatus.CORRECTING), reply, staff_only,
                         message=lambda notice, m: f"已答复，出具《政府信息公开申请答复书》{notice.number}。"))
