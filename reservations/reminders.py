"""The day-before reminder and the no-show sweep, run by management commands (cron)."""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import Booking, BookingSettings, BookingStatus
from .services import message_context, record_no_show, send_sms


def send_reminders(today=None):
    """SMS every active booking for tomorrow not reminded yet. Returns how many were sent.

    Each booking is claimed (reminded_at set) before its SMS goes, so two runs never send twice.
    """
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    sent = 0
    due = Booking.objects.filter(status=BookingStatus.BOOKED, slot__date=tomorrow, reminded_at=None)
    for booking in due.select_related("slot__hall", "item"):
        with transaction.atomic():
            claimed = Booking.objects.filter(pk=booking.pk, reminded_at=None).update(reminded_at=timezone.now())
        if claimed and booking.phone:
            send_sms("booking_reminder", message_context(booking), booking.phone)
            sent += 1
    return sent


def mark_no_shows(now=None):
    """Active bookings whose check-in time passed without a check-in become no-shows."""
    now = now or timezone.now()
    late = datetime.timedelta(minutes=BookingSettings.current().checkin_late_minutes)
    count = 0
    candidates = Booking.objects.filter(status=BookingStatus.BOOKED, slot__date__lte=timezone.localdate(now))
    for booking in candidates.select_related("slot", "citizen__citizen"):
        if booking.slot.starts_at + late < now:
            record_no_show(booking, now=now)
            count += 1
    return count
