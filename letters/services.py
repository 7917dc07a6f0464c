"""Letter rules (docs/domain.md "## 投诉与信件"): registration (numbers, limits, duplicates), who
sees which letter, deadline lists, and the stable step functions other apps and tests call.

Each step function performs a registered action of the letters workflow (letters.workflow, on
casework.engine): the engine locks the row, checks status, guard, permission and the form's
version, and the handler writes one immutable LetterTransition. There is no other writer of a
letter's status. Deadlines are working days (casework.deadlines) from the day received, per type.
"""

import hashlib
import re
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from casework import clock
from casework.access import is_supervisor, staff_department_id
from casework.deadlines import due_date
from casework.engine import ActionError
from citizens.redaction import redact
from privacy.fields import lookup_hash_of
from workdays.calendar import add_working_days

from .models import AWAITING_REPLY, Letter, LetterChannel, LetterStatus, LetterType
from .workflow import LETTERS, WRITER, letter_settings, notify, start_reply_period

# The engine's error: a rule refused the action; str(error) is a Chinese message.
LetterError = ActionError
NUMBER_PREFIX = "XJ"


def reply_due_date(letter_type, start):
    # The one deadline formula of the case engine (docs/domain.md "工作日与期限").
    return due_date(start, letter_settings().reply_days(letter_type))


def content_hash(text):
    """Same letter typed twice (spaces, punctuation, full-width/half-width aside) → same hash."""
    normal = re.sub(r"[\W_]+", "", (text or "").lower())
    return hashlib.sha256(normal.encode()).hexdigest()


# ---------------------------------------------------------------- registration


def duplicate_of(content, days=None):
    """An earlier letter with the same content within the window (from anyone), or None."""
    window = letter_settings().duplicate_window_days if days is None else days
    since = clock.now() - timedelta(days=window)
    return Letter.objects.filter(content_hash=content_hash(content), received_at__gte=since).first()


def phone_limit_reached(phone):
    if not phone:
        return False
    start = datetime.combine(clock.today(), time.min, timezone.get_current_timezone())
    return Letter.objects.filter(phone_hash=lookup_hash_of(phone), received_at__gte=start).count() >= letter_settings().per_phone_daily_limit


def _tracking_number(create):
    """XJ + date + 4-digit sequence (the number the writer types on the lookup form); retried on
    a clash (two letters at once)."""
    stem = f"{NUMBER_PREFIX}{clock.today():%Y%m%d}"
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
    received_on = received_on or clock.today()
    names = [writer_name] if writer_name else []

    def create(number):
        letter = Letter(
            received_at=clock.now(), tracking_number=number, letter_type=letter_type, channel=channel, hotline_ticket=hotline_ticket,
            subject=subject.strip(), content=content.strip(), redacted_subject=redact(subject.strip(), names),
            redacted_content=redact(content.strip(), names), anonymous=anonymous, writer_name=writer_name.strip(),
            phone=phone, phone_verified=phone_verified, address=address.strip(), writer=writer,
            consent_to_publish=consent_to_publish, related_department=related_department, related_item=related_item,
            related_case=related_case, department=related_department, received_on=received_on,
            entered_by=entered_by, content_hash=content_hash(content),
        )
        start_reply_period(letter, received_on)
        letter.save()
        # The first step of the log, by the engine's one writer (from no status yet).
        LETTERS.record(letter, entered_by, "register", LetterStatus.REGISTERED, note=f"渠道：{letter.get_channel_display()}",
                       from_status="", public_label="已登记", **({} if entered_by else {"actor_name": WRITER}))
        return letter

    with transaction.atomic():
        letter = _tracking_number(create)
    notify("letter_received", letter)
    return letter


# ---------------------------------------------------------------- steps (registered actions)


def route(letter, actor, department, note="", expected_version=None):
    """转办: a supervisor sends the letter to the department that must reply."""
    LETTERS.perform(letter, actor, "route", expected_version=expected_version, department=department, note=note)
    return letter


def reply(letter, actor, text, finding="", expected_version=None):
    """答复: the department (or a supervisor) answers; 投诉/举报 need a 属实认定. Returns the
    letter; its 答复意见书 is `letter.notices.last()`."""
    LETTERS.perform(letter, actor, "reply", expected_version=expected_version, reply=text, finding=finding)
    return letter


def give_feedback(letter, satisfied, note=""):
    """The writer's 满意/不满意 on the reply (from the lookup page); 不满意 starts a 复核."""
    LETTERS.perform(letter, None, "feedback", satisfied=satisfied, note=note)
    return letter


def re_verify(letter, actor, conclusion, send_back, expected_version=None):
    """复核: uphold the reply (办结) or send the letter back with a fresh reply period."""
    LETTERS.perform(letter, actor, "re_verify", expected_version=expected_version, conclusion=conclusion,
                    send_back=send_back)
    return letter


def close_without_feedback(letter, actor, note, expected_version=None):
    """A supervisor closes a replied letter whose writer gave no feedback (after the 回访)."""
    LETTERS.perform(letter, actor, "close", expected_version=expected_version, note=note)
    return letter


def record_callback(letter, actor, result, note, expected_version=None):
    """回访 after a reply."""
    return LETTERS.perform(letter, actor, "callback", expected_version=expected_version, result=result, note=note)


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
    return queryset.filter(status__in=AWAITING_REPLY, due_date__lt=today or clock.today())


def due_soon(queryset, today=None):
    today = today or clock.today()
    limit = add_working_days(today, letter_settings().due_soon_days)
    return queryset.filter(status__in=AWAITING_REPLY, due_date__gte=today, due_date__lte=limit)


def escalate(letter):
    """Mark an overdue letter as escalated to the supervisors (once)."""
    return Letter.objects.filter(pk=letter.pk, escalated_at=None).update(escalated_at=clock.now())
