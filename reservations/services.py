"""Booking, rescheduling and cancelling: every change in one transaction, the slot counter
moved only by conditional UPDATEs the database checks (never overbooked), SMS after commit."""

import logging
import uuid

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from citizens.messaging import MessageError, send_message

from . import abuse
from .codes import new_code
from .models import Booking, BookingStatus, SanctionRule, Slot
from .slots import SlotUnavailable, ensure_slot, find_choice, group_for

logger = logging.getLogger(__name__)

SLOT_FULL = "该时段已约满，请选择其他时段。"


class BookingError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def new_request_token():
    return str(uuid.uuid4())


def pre_reviewed_case(citizen, item, case_id):
    """The citizen's own case for item whose pre-review passed (窗口优先), or BookingError."""
    from casework.models import Case, CaseStatus

    if not case_id:
        return None
    case = Case.objects.filter(pk=case_id, applicant=citizen).first() if str(case_id).isdigit() else None
    if case is None or case.item_id != item.pk:
        raise BookingError("没有找到该办件，请从“我的办件”重新进入预约。")
    if case.status != CaseStatus.PRE_APPROVED:
        raise BookingError("该办件尚未通过预审（或已受理），不能按预审通过优先预约；可按普通预约办理。")
    return case


def _take_place(slot):
    """Raise the slot's count by one if a place is left; False when full (checked by the DB)."""
    return Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1) == 1


def _give_back_place(slot_id):
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def _lock_citizen(citizen):
    """Serialise one citizen's bookings, so the daily limit holds under double clicks."""
    # get_user_model(), not type(citizen): in a view the user is a SimpleLazyObject (no .objects).
    get_user_model().objects.select_for_update().filter(pk=citizen.pk).first()


def book(citizen, item, key, request_token, *, case_id=None, now=None):
    """Book slot `key` for item. Returns (booking, created, sanction or None).

    The same request_token again returns the first booking (double submission is idempotent).
    """
    now = now or timezone.now()
    profile = getattr(citizen, "citizen", None)
    if profile is None:
        raise BookingError("请使用申请人账户登录后预约。")
    if not request_token or len(request_token) > 36:
        raise BookingError("预约表单已失效，请重新选择时段。")
    existing = Booking.objects.filter(citizen=citizen, request_token=request_token).first()
    if existing:
        return existing, False, None
    case = pre_reviewed_case(citizen, item, case_id)
    group = group_for(item)
    try:
        choice = find_choice(item, key, now)
    except SlotUnavailable as error:
        raise BookingError(error.message) from None
    slot = ensure_slot(choice, group)
    refusal = None
    try:
        with transaction.atomic():
            _lock_citizen(citizen)
            existing = Booking.objects.filter(citizen=citizen, request_token=request_token).first()
            if existing:
                return existing, False, None
            refusal = abuse.refuse_booking(citizen, item, choice.date, now)
            if refusal is None:
                if Booking.objects.filter(citizen=citizen, slot=slot, status=BookingStatus.BOOKED).exists():
                    raise BookingError("您已预约了该时段，无需重复预约。")
                if not _take_place(slot):
                    raise BookingError(SLOT_FULL)
                booking = Booking.objects.create(
                    code=new_code(), citizen=citizen, item=item, slot=slot, case=case, priority=case is not None,
                    phone=profile.phone, request_token=request_token, created_at=now,
                )
    except IntegrityError:
        # A twin submission committed first: hand back its booking.
        existing = Booking.objects.filter(citizen=citizen, request_token=request_token).first()
        if existing:
            return existing, False, None
        raise BookingError("您已预约了该时段，无需重复预约。") from None
    if refusal is not None:
        _notify_sanction(citizen, refusal)
        raise BookingError(abuse.describe(refusal))
    sanction = abuse.after_event(citizen, SanctionRule.DAILY_ITEM, now, item, choice.date)
    _notify(booking, "booking_confirmed")
    if sanction:
        _notify_sanction(citizen, sanction)
    return booking, True, sanction


def _locked_booking(booking, citizen, now):
    locked = Booking.objects.select_for_update().select_related("slot").filter(pk=booking.pk, citizen=citizen).first()
    if locked is None:
        raise BookingError("没有找到该预约。")
    if not locked.can_change(now):
        raise BookingError("该预约已开始、已签到或已取消，不能再改约或取消。")
    return locked


def reschedule(booking, citizen, key, *, now=None):
    """Move an active booking to slot `key` (same item); the old place is given back."""
    now = now or timezone.now()
    try:
        choice = find_choice(booking.item, key, now)
    except SlotUnavailable as error:
        raise BookingError(error.message) from None
    slot = ensure_slot(choice, group_for(booking.item))
    try:
        with transaction.atomic():
            locked = _locked_booking(booking, citizen, now)
            if locked.slot_id == slot.pk:
                raise BookingError("新时段与原时段相同。")
            if not _take_place(slot):
                raise BookingError(SLOT_FULL)
            old_slot_id = locked.slot_id
            locked.slot = slot
            locked.reschedule_count += 1
            locked.reminded_at = None
            locked.save(update_fields=["slot", "reschedule_count", "reminded_at"])
            _give_back_place(old_slot_id)
    except IntegrityError:
        raise BookingError("您已预约了该时段，无需重复预约。") from None
    _notify(locked, "booking_rescheduled")
    return locked


def cancel(booking, citizen, *, now=None):
    """Cancel until the slot starts; returns the warning or suspension it earned, if any."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_booking(booking, citizen, now)
        locked.status = BookingStatus.CANCELLED
        locked.cancelled_at = now
        locked.save(update_fields=["status", "cancelled_at"])
        _give_back_place(locked.slot_id)
    booking.refresh_from_db()
    _notify(booking, "booking_cancelled")
    sanction = abuse.after_event(citizen, SanctionRule.CANCELLATION, now)
    if sanction:
        _notify_sanction(citizen, sanction)
    return sanction


def record_no_show(booking, *, now=None):
    """爽约: an active booking whose slot passed without check-in, or whose ticket was called
    and never answered. Returns the sanction earned, if any."""
    now = now or timezone.now()
    changed = Booking.objects.filter(
        pk=booking.pk, status__in=[BookingStatus.BOOKED, BookingStatus.CHECKED_IN]
    ).update(status=BookingStatus.NO_SHOW)
    if not changed:
        return None
    sanction = abuse.after_event(booking.citizen, SanctionRule.NO_SHOW, now)
    if sanction:
        _notify_sanction(booking.citizen, sanction)
    return sanction


def message_context(booking):
    slot = booking.slot
    return {
        "item_title": booking.item.title,
        "code": booking.code,
        "hall": slot.hall.name,
        "address": slot.hall.address,
        "date": f"{slot.date:%Y年%m月%d日}",
        "time": f"{slot.start:%H:%M}–{slot.end:%H:%M}",
    }


def send_sms(key, context, phone):
    """SMS after the change is committed; a gateway failure is logged, never undoes it."""
    try:
        send_message(key, context, phone=phone)
    except (MessageError, OSError):
        logger.exception("预约短信发送失败：%s", key)


def _notify(booking, key):
    if booking.phone:
        send_sms(key, message_context(booking), booking.phone)


def _notify_sanction(citizen, sanction):
    profile = getattr(citizen, "citizen", None)
    if profile:
        send_sms("booking_sanction", {"text": abuse.describe(sanction)}, profile.phone)
