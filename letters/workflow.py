"""The lifecycle of a letter on the casework engine (docs/domain.md "## 投诉与信件").

    registered ──route──▶ routed ──reply──▶ replied ──feedback (满意)──▶ closed
    registered/routed ──route (转办, again)──▶ routed
    replied ──feedback (不满意)──▶ reviewing ──re_verify (维持)──▶ closed
                                              ──re_verify (退回)──▶ routed (fresh reply period)
    replied ──close (no feedback, after the 回访)──▶ closed
    any status, once replied ──callback (回访)──▶ the same status

Every step is a registered `Action` of one `Workflow`: the statuses it is lawful in, a guard,
who may do it (supervisors; the department the letter is routed to; the writer for feedback),
the staff form and the handler. The handler records exactly one immutable LetterTransition with
the engine clock's time; the reply and the 复核意见 are numbered notices of registered kinds.
"""

import re

from django.db import transaction
from wagtail.models import Site

from casework import clock, notices
from casework.access import is_supervisor, staff_department_id
from casework.deadlines import due_date_of
from casework.engine import ActionError, Workflow, clean_text, register_workflow
from citizens.redaction import redact
from workdays.calendar import working_days_between

from .forms import CallbackForm, CloseForm, ReplyForm, ReviewForm, RouteForm
from .models import (
    AWAITING_REPLY,
    CallbackResult,
    Feedback,
    Finding,
    Letter,
    LetterCallback,
    LetterNotice,
    LetterSettings,
    LetterStatus,
    LetterTransition,
    LetterType,
)

S = LetterStatus
NOTICE_TEMPLATE = "letters/notice.html"
notices.register_kind("letter_reply", "信件答复意见书", "XJDF", NOTICE_TEMPLATE)
notices.register_kind("letter_review", "信件复核意见书", "XJFH", NOTICE_TEMPLATE)

LETTERS = register_workflow(Workflow(
    "letter", model=Letter, transition_model=LetterTransition, matter_field="letter", label="信件",
))
WRITER = "来信人"  # the actor name of the writer's own steps (no user account acts)


def letter_settings():
    site = Site.objects.filter(is_default_site=True).first()
    return LetterSettings.for_site(site) if site else LetterSettings()


def start_reply_period(letter, start):
    """Run the type's reply period (LetterSettings, working days) from `start`: at registration
    and again when a 复核 sends the letter back. The engine's formula gives the date."""
    letter.deadline_start = start
    letter.limit_working_days = letter_settings().reply_days(letter.letter_type)
    letter.due_date = due_date_of(letter)
    return ["deadline_start", "limit_working_days", "due_date"]


def notify(template_key, letter, **extra):
    """SMS the writer after commit; anonymous letters, letters without a mobile number and
    replayed history (demo seeding) get nothing."""
    if clock.is_replaying() or not letter.has_reply_channel or not re.fullmatch(r"1[3-9]\d{9}", letter.phone):
        return
    context = {"tracking_number": letter.tracking_number, "letter_type": letter.get_letter_type_display(), **extra}
    phone = letter.phone

    def send():
        from citizens.messaging import send_message

        send_message(template_key, context, phone=phone)

    transaction.on_commit(send, robust=True)


def _issue(letter, actor, kind, **body):
    """A numbered notice; the body carries the masked subject and no identity of the writer, so
    the department may read it too (confidentiality)."""
    body = {"number": letter.tracking_number, "letter_type": letter.get_letter_type_display(),
            "subject": letter.redacted_subject, "received_on": f"{letter.received_on:%Y-%m-%d}", **body}
    return notices.issue(LetterNotice, actor, kind, body, letter=letter)


# ---------------------------------------------------------------- who may act


def supervisor_only(letter, actor):
    if not is_supervisor(actor):
        raise ActionError("只有督查人员可以进行此操作。")


def handler_of(letter, actor):
    """The department the letter is routed to, or a supervisor."""
    own = letter.department_id and staff_department_id(actor) == letter.department_id
    if not (is_supervisor(actor) or own):
        raise ActionError("您无权处理该信件。")


def writer_only(letter, actor):
    """满意/不满意 is the writer's word, given on the lookup page after the SMS check there
    (actor None); staff cannot give it for them."""
    if actor is not None:
        raise ActionError("评价只能由来信人在“信件查询”中提交。")


# ---------------------------------------------------------------- 转办


@LETTERS.action("route", "转办", AWAITING_REPLY, permission=supervisor_only, form=RouteForm,
                message=lambda letter, _: f"已转{letter.department.name}办理。")
def route(letter, actor, *, department, note=""):
    if department is None:
        raise ActionError("请选择承办部门。")
    letter.department = department
    LETTERS.record(letter, actor, "route", S.ROUTED, note=(note or "").strip(), update_fields=["department"],
                   public_label=f"已转{department.name}办理")
    return letter


# ---------------------------------------------------------------- 答复


def _first_reply_figures(letter, today):
    """Fixed at the first reply (the public "answered on time" and "average days" figures)."""
    if letter.first_replied_on is not None:
        return []
    letter.first_replied_on = today
    letter.answered_on_time = today <= letter.due_date
    letter.reply_working_days = working_days_between(letter.received_on, today)
    return ["first_replied_on", "answered_on_time", "reply_working_days"]


@LETTERS.action("reply", "答复", (S.ROUTED,), permission=handler_of, form=ReplyForm,
                message=lambda notice, _: f"已答复，出具《信件答复意见书》{notice.number}。")
def reply(letter, actor, *, reply, finding=""):
    text = clean_text(reply, "答复内容", max_length=5000)
    if letter.letter_type in (LetterType.COMPLAINT, LetterType.REPORT) and finding not in Finding.values:
        raise ActionError("投诉、举报须认定是否属实。")
    letter.reply, letter.replied_at, letter.finding = text, clock.now(), finding or ""
    letter.redacted_reply = redact(text, [letter.writer_name] if letter.writer_name else [])
    fields = ["reply", "redacted_reply", "replied_at", "finding", *_first_reply_figures(letter, clock.today())]
    LETTERS.record(letter, actor, "reply", S.REPLIED, update_fields=fields, public_label="已答复")
    notice = _issue(letter, actor, "letter_reply", text=text, department=letter.department.name if letter.department else "",
                    finding=letter.get_finding_display() if letter.finding else "")
    notify("letter_replied", letter)
    return notice


# ---------------------------------------------------------------- 满意/不满意 and 复核


@LETTERS.action("feedback", "评价答复", (S.REPLIED,), permission=writer_only, staff=False)
def give_feedback(letter, actor, *, satisfied, note=""):
    """The writer's 满意/不满意; 不满意 starts a 复核."""
    letter.feedback = Feedback.SATISFIED if satisfied else Feedback.DISSATISFIED
    letter.feedback_note, letter.feedback_at = (note or "").strip()[:500], clock.now()
    to_status, label = (S.CLOSED, "来信人满意，已办结") if satisfied else (S.REVIEWING, "来信人不满意，进入复核")
    LETTERS.record(letter, actor, "feedback", to_status, note=letter.feedback_note,
                   update_fields=["feedback", "feedback_note", "feedback_at"], public_label=label, actor_name=WRITER)
    return letter


@LETTERS.action("re_verify", "复核", (S.REVIEWING,), permission=supervisor_only, form=ReviewForm,
                message=lambda notice, _: f"已复核，出具《信件复核意见书》{notice.number}。")
def re_verify(letter, actor, *, conclusion, send_back):
    """复核: uphold the reply (办结, the conclusion shown to the writer) or send the letter back
    to the department with a fresh reply period from today."""
    conclusion = clean_text(conclusion, "复核意见", max_length=5000)
    letter.review_conclusion, letter.reviewed_at = conclusion, clock.now()
    fields = ["review_conclusion", "reviewed_at"]
    if send_back:
        letter.escalated_at = None
        fields += ["escalated_at", *start_reply_period(letter, clock.today())]
        LETTERS.record(letter, actor, "re_verify", S.ROUTED, note=conclusion, update_fields=fields,
                       public_label="复核：重新办理")
        result = f"退回承办部门重新办理，答复期限 {letter.due_date:%Y-%m-%d}"
    else:
        LETTERS.record(letter, actor, "re_verify", S.CLOSED, note=conclusion, update_fields=fields,
                       public_label="复核：维持原答复，已办结")
        result = "维持原答复，已办结"
    notice = _issue(letter, actor, "letter_review", text=conclusion, result=result)
    notify("letter_reviewed", letter)
    return notice


# ---------------------------------------------------------------- 回访 and 办结


def _callback_guard(letter):
    if letter.replied_at is None:
        return "信件答复后才能回访。"
    if not letter.has_reply_channel:
        return "匿名或无联系电话的信件无法回访。"
    return None


@LETTERS.action("callback", "登记回访", S.values, permission=supervisor_only, form=CallbackForm,
                guard=_callback_guard, message=lambda callback, _: f"已登记回访（{callback.get_result_display()}）。")
def record_callback(letter, actor, *, result, note):
    """回访 after a reply; logged as a step that keeps the status."""
    if result not in CallbackResult.values:
        raise ActionError("请选择回访结果。")
    note = clean_text(note, "回访记录", max_length=2000)
    callback = LetterCallback.objects.create(letter=letter, by=actor, result=result, note=note, at=clock.now())
    LETTERS.record(letter, actor, "callback", letter.status, note=f"{callback.get_result_display()}：{note}",
                   public_label="已回访")
    return callback


def _close_guard(letter):
    if letter.has_reply_channel and not letter.callbacks.exists():
        return "请先登记回访记录再办结。"
    return None


@LETTERS.action("close", "办结（无评价）", (S.REPLIED,), permission=supervisor_only, form=CloseForm,
                guard=_close_guard, message=lambda letter, _: "已办结。")
def close_without_feedback(letter, actor, *, note):
    """A replied letter whose writer gave no feedback, closed after the 回访."""
    note = clean_text(note, "办结说明", max_length=2000)
    LETTERS.record(letter, actor, "close", S.CLOSED, note=note, public_label="已办结")
    return letter
