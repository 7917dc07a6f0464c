"""Letter rules (docs/domain.md "## 投诉与信件"): register → route → reply → feedback →
复核 when dissatisfied → 回访. Every step locks the row, checks the status, writes one
LetterTransition and messages the writer after commit.

Deadlines are working days from the day the letter was received (LetterSettings, per type);
a 复核 that sends the letter back gives the department a fresh period for the new reply.
"""

import hashlib
import re
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Site

from casework.access import is_supervisor, staff_department_id
from casework.deadlines import due_date
from citizens.redaction import redact
from workdays.calendar import add_working_days, working_days_between

from .models import (
    AWAITING_REPLY,
    CallbackResult,
    Feedback,
    Finding,
    Letter,
    LetterCallback,
    LetterChannel,
    LetterSettings,
    LetterStatus,
    LetterTransition,
    LetterType,
)


class LetterError(Exception):
    """A rule refused the action; str(error) is a Chinese message."""


def letter_settings():
    site = Site.objects.filter(is_default_site=True).first()
    return LetterSettings.for_site(site) if site else LetterSettings()


def reply_due_date(letter_type, start):
    # The one deadline formula of the case engine (docs/domain.md "工作日与期限").
    return due_date(start, letter_settings().reply_days(letter_type))


def content_hash(text):
    """Same letter typed twice (spaces, punctuation, full-width/half-width aside) → same hash."""
    normal = re.sub(r"[\W_]+", "", (text or "").lower())
    return hashlib.sha256(normal.encode()).hexdigest()


# ---------------------------------------------------------------- registration


def duplicate_of(content, phone="", days=None):
    """An earlier letter with the same content within the window (from anyone), or None."""
    window = letter_settings().duplicate_window_days if days is None else days
    since = timezone.now() - timedelta(days=window)
    return Letter.objects.filter(content_hash=content_hash(content), received_at__gte=since).first()


def phone_limit_reached(phone):
    if not phone:
        return False
    start = datetime.combine(timezone.localdate(), time.min, timezone.get_current_timezone())
    return Letter.objects.filter(phone=phone, received_at__gte=start).count() >= letter_settings().per_phone_daily_limit


def _tracking_number(create):
    """XJ + date + 4-digit sequence; retried on a clash (two letters at once)."""
    stem = f"XJ{timezone.localdate():%Y%m%d}"
    last = Letter.objects.filter(tracking_number__startswith=stem).order_by("-tracking_number").values_list("tracking_number", flat=True).first()
    seq = int(last[len(stem):]) + 1 if last else 1
    for _ in range(20):
        try:
            with transaction.atomic():
                return create(f"{stem}{seq:04d}")
        except IntegrityError:
            seq += 1
    raise LetterError("编号生成冲突，请稍后重试。")


def register(*, letter_type, channel, subject, content, writer_name="", phone="", phone_verified=False, address="",
             anonymous=False, consent_to_publish=False, related_department=None, related_item=None, related_case=None,
             writer=None, entered_by=None, hotline_ticket="", received_on=None):
    """Register one letter (online or staff-entered) and tell the writer its number."""
    if letter_type not in LetterType.values or channel not in LetterChannel.values:
        raise LetterError("信件类型或来源渠道无效。")
    if anonymous and letter_type != LetterType.REPORT:
        raise LetterError("只有举报可以匿名。")
    if anonymous:
        writer_name = phone = address = ""
        writer, consent_to_publish = None, False
    if letter_type == LetterType.REPORT:
        consent_to_publish = False  # 举报 concern third parties and are never published
    received_on = received_on or timezone.localdate()
    names = [writer_name] if writer_name else []

    def create(number):
        letter = Letter.objects.create(
            tracking_number=number, letter_type=letter_type, channel=channel, hotline_ticket=hotline_ticket,
            subject=subject.strip(), content=content.strip(), redacted_subject=redact(subject.strip(), names),
            redacted_content=redact(content.strip(), names), anonymous=anonymous, writer_name=writer_name.strip(),
            phone=phone, phone_verified=phone_verified, address=address.strip(), writer=writer,
            consent_to_publish=consent_to_publish, related_department=related_department, related_item=related_item,
            related_case=related_case, department=related_department, received_on=received_on,
            due_date=reply_due_date(letter_type, received_on), entered_by=entered_by, content_hash=content_hash(content),
        )
        _record(letter, entered_by, "register", LetterStatus.REGISTERED, "已登记",
                note=f"渠道：{letter.get_channel_display()}", from_status="")
        return letter

    with transaction.atomic():
        letter = _tracking_number(create)
    _notify("letter_received", letter)
    return letter


# ---------------------------------------------------------------- plumbing


def _actor_name(actor):
    if actor is None:
        return "来信人"
    return actor.get_full_name() or actor.get_username()


def _record(letter, actor, action, to_status, public_label, note="", update_fields=(), from_status=None):
    from_status = letter.status if from_status is None else from_status
    letter.status = to_status
    letter.version += 1
    letter.save(update_fields=["status", "version", *update_fields])
    return LetterTransition.objects.create(
        letter=letter, action=action, from_status=from_status, to_status=to_status, actor=actor,
        actor_name=_actor_name(actor), at=timezone.now(), note=note, public_label=public_label,
    )


def _lock(letter, allowed, expected_version=None):
    locked = Letter.objects.select_for_update().get(pk=letter.pk)
    if expected_version is not None and int(expected_version) != locked.version:
        raise LetterError("该信件已被他人处理，请刷新后查看最新状态。")
    if locked.status not in allowed:
        raise LetterError(f"信件当前状态为“{locked.get_status_display()}”，不能进行此操作。")
    return locked


def _notify(template_key, letter, **extra):
    """SMS the writer after commit; anonymous letters and letters without a phone get nothing."""
    if not letter.has_reply_channel or not re.fullmatch(r"1[3-9]\d{9}", letter.phone):
        return
    context = {"tracking_number": letter.tracking_number, "letter_type": letter.get_letter_type_display(), **extra}
    phone = letter.phone

    def send():
        from citizens.messaging import send_message

        send_message(template_key, context, phone=phone)

    transaction.on_commit(send, robust=True)


def _require_supervisor(user):
    if not is_supervisor(user):
        raise LetterError("只有督查人员可以进行此操作。")


def _require_handler(user, letter):
    if not (is_supervisor(user) or (letter.department_id and staff_department_id(user) == letter.department_id)):
        raise LetterError("您无权处理该信件。")


def _clean(text, label):
    text = (text or "").strip()
    if not text:
        raise LetterError(f"请填写{label}。")
    return text


# ---------------------------------------------------------------- steps


def route(letter, actor, department, note="", expected_version=None):
    """转办: a supervisor sends the letter to the department that must reply."""
    _require_supervisor(actor)
    if department is None:
        raise LetterError("请选择承办部门。")
    with transaction.atomic():
        locked = _lock(letter, AWAITING_REPLY, expected_version)
        locked.department = department
        _record(locked, actor, "route", LetterStatus.ROUTED, f"已转{department.name}办理", note, ["department"])
    return locked


def reply(letter, actor, text, finding="", expected_version=None):
    """答复: the department (or a supervisor) answers; 投诉/举报 need a 属实认定."""
    text = _clean(text, "答复内容")
    if letter.letter_type in (LetterType.COMPLAINT, LetterType.REPORT) and finding not in Finding.values:
        raise LetterError("投诉、举报须认定是否属实。")
    with transaction.atomic():
        locked = _lock(letter, (LetterStatus.ROUTED,), expected_version)
        _require_handler(actor, locked)
        today = timezone.localdate()
        locked.reply, locked.replied_at, locked.finding = text, timezone.now(), finding or ""
        locked.redacted_reply = redact(text, [locked.writer_name] if locked.writer_name else [])
        fields = ["reply", "redacted_reply", "replied_at", "finding"]
        if locked.first_replied_on is None:
            locked.first_replied_on = today
            locked.answered_on_time = today <= locked.due_date
            locked.reply_working_days = working_days_between(locked.received_on, today)
            fields += ["first_replied_on", "answered_on_time", "reply_working_days"]
        _record(locked, actor, "reply", LetterStatus.REPLIED, "已答复", update_fields=fields)
    _notify("letter_replied", locked)
    return locked


def give_feedback(letter, satisfied, note=""):
    """The writer's 满意/不满意 on the reply; 不满意 starts a 复核."""
    with transaction.atomic():
        locked = _lock(letter, (LetterStatus.REPLIED,))
        locked.feedback = Feedback.SATISFIED if satisfied else Feedback.DISSATISFIED
        locked.feedback_note, locked.feedback_at = (note or "").strip()[:500], timezone.now()
        fields = ["feedback", "feedback_note", "feedback_at"]
        if satisfied:
            _record(locked, None, "feedback", LetterStatus.CLOSED, "来信人满意，已办结", locked.feedback_note, fields)
        else:
            _record(locked, None, "feedback", LetterStatus.REVIEWING, "来信人不满意，进入复核", locked.feedback_note, fields)
    return locked


def re_verify(letter, actor, conclusion, send_back, expected_version=None):
    """复核: a supervisor either upholds the reply (办结, conclusion shown to the writer) or
    sends the letter back to the department with a fresh reply period."""
    _require_supervisor(actor)
    conclusion = _clean(conclusion, "复核意见")
    with transaction.atomic():
        locked = _lock(letter, (LetterStatus.REVIEWING,), expected_version)
        locked.review_conclusion, locked.reviewed_at = conclusion, timezone.now()
        fields = ["review_conclusion", "reviewed_at"]
        if send_back:
            locked.due_date = reply_due_date(locked.letter_type, timezone.localdate())
            locked.escalated_at = None
            _record(locked, actor, "re_verify", LetterStatus.ROUTED, "复核：重新办理", conclusion,
                    [*fields, "due_date", "escalated_at"])
        else:
            _record(locked, actor, "re_verify", LetterStatus.CLOSED, "复核：维持原答复，已办结", conclusion, fields)
    _notify("letter_reviewed", locked)
    return locked


def close_without_feedback(letter, actor, note):
    """A supervisor closes a replied letter whose writer gave no feedback (after the 回访)."""
    _require_supervisor(actor)
    note = _clean(note, "办结说明")
    with transaction.atomic():
        locked = _lock(letter, (LetterStatus.REPLIED,))
        if not locked.callbacks.exists() and locked.has_reply_channel:
            raise LetterError("请先登记回访记录再办结。")
        _record(locked, actor, "close", LetterStatus.CLOSED, "已办结", note)
    return locked


def record_callback(letter, actor, result, note):
    """回访 after a reply."""
    _require_supervisor(actor)
    if result not in CallbackResult.values:
        raise LetterError("请选择回访结果。")
    note = _clean(note, "回访记录")
    letter = Letter.objects.get(pk=letter.pk)
    if letter.replied_at is None:
        raise LetterError("信件答复后才能回访。")
    if not letter.has_reply_channel:
        raise LetterError("匿名或无联系电话的信件无法回访。")
    return LetterCallback.objects.create(letter=letter, by=actor, result=result, note=note)


# ---------------------------------------------------------------- who sees what


def letters_visible_to(user):
    """Supervisors: every letter; department staff: the letters routed to their department."""
    if is_supervisor(user):
        return Letter.objects.all()
    dept = staff_department_id(user)
    if dept is None:
        return Letter.objects.none()
    return Letter.objects.filter(department_id=dept).exclude(status=LetterStatus.REGISTERED)


def can_see_identity(user):
    """The writer's name, phone and address: supervisors only (confidentiality)."""
    return is_supervisor(user)


def overdue(queryset, today=None):
    return queryset.filter(status__in=AWAITING_REPLY, due_date__lt=today or timezone.localdate())


def due_soon(queryset, today=None):
    today = today or timezone.localdate()
    limit = add_working_days(today, letter_settings().due_soon_days)
    return queryset.filter(status__in=AWAITING_REPLY, due_date__gte=today, due_date__lte=limit)


def escalate(letter):
    """Mark an overdue letter as escalated to the supervisors (once)."""
    return Letter.objects.filter(pk=letter.pk, escalated_at=None).update(escalated_at=timezone.now())
