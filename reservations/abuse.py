"""失信约束 (docs/domain.md §3, docs/domain.md “预约与叫号”): 2 no-shows in 30 days, more than 3
bookings of one item for one day (cancelled ones included), or 5 cancellations in 30 days suspend booking for 30 days
(all configurable in 预约规则), with a warning first.

A warning is given when a citizen is one short of a limit; reaching the limit suspends, unless
no warning for that rule was given in the period, in which case the warning comes now and the
next violation suspends.
"""

import datetime

from django.utils import timezone

from .models import Booking, BookingSanction, BookingSettings, BookingStatus, SanctionKind, SanctionRule


def active_suspension(citizen, now=None):
    now = now or timezone.now()
    return (
        BookingSanction.objects.filter(citizen=citizen, kind=SanctionKind.SUSPENSION, ends_at__gt=now)
        .order_by("-ends_at").first()
    )


def _start_of_day(now):
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time.min))


def _limit_and_since(rule, rules, now):
    if rule == SanctionRule.NO_SHOW:
        return rules.no_show_limit, now - datetime.timedelta(days=rules.no_show_window_days)
    if rule == SanctionRule.CANCELLATION:
        return rules.cancel_limit, now - datetime.timedelta(days=rules.cancel_window_days)
    return rules.daily_item_limit, _start_of_day(now)


def count(rule, citizen, since, item=None, day=None):
    bookings = Booking.objects.filter(citizen=citizen)
    if rule == SanctionRule.NO_SHOW:
        return bookings.filter(status=BookingStatus.NO_SHOW, slot__date__gte=timezone.localdate(since)).count()
    if rule == SanctionRule.CANCELLATION:
        return bookings.filter(cancelled_at__gte=since).count()
    # Every booking of this item for that day, cancelled ones too: hoarding or churning one day.
    return bookings.filter(item=item, slot__date=day).count()


def _sanction(citizen, rule, rules, now, since, note):
    """Suspend if warned for this rule since `since`, otherwise warn."""
    warned = BookingSanction.objects.filter(
        citizen=citizen, rule=rule, kind=SanctionKind.WARNING, created_at__gte=since
    ).exists()
    if warned:
        return BookingSanction.objects.create(
            citizen=citizen, rule=rule, kind=SanctionKind.SUSPENSION, created_at=now,
            ends_at=now + datetime.timedelta(days=rules.suspension_days), note=note,
        )
    return _warn(citizen, rule, now, note)


def _warn(citizen, rule, now, note):
    return BookingSanction.objects.create(citizen=citizen, rule=rule, kind=SanctionKind.WARNING, created_at=now, note=note)


def refuse_booking(citizen, item, day, now=None):
    """Before booking item for day: the sanction that refuses it (an active suspension, or
    the per-day limit for this item exceeded, which is recorded now), else None."""
    now = now or timezone.now()
    suspension = active_suspension(citizen, now)
    if suspension:
        return suspension
    rules = BookingSettings.current()
    limit, since = _limit_and_since(SanctionRule.DAILY_ITEM, rules, now)
    if count(SanctionRule.DAILY_ITEM, citizen, since, item, day) >= limit:
        return _sanction(citizen, SanctionRule.DAILY_ITEM, rules, now, since, f"{day:%m月%d日}第 {limit + 1} 次预约“{item.title}”")
    return None


def after_event(citizen, rule, now=None, item=None, day=None):
    """After a booking, cancellation or no-show: the warning or suspension it earns, or None."""
    now = now or timezone.now()
    if active_suspension(citizen, now):
        return None
    rules = BookingSettings.current()
    limit, since = _limit_and_since(rule, rules, now)
    done = count(rule, citizen, since, item, day)
    recently_warned = BookingSanction.objects.filter(
        citizen=citizen, rule=rule, kind=SanctionKind.WARNING, created_at__gte=since
    ).exists()
    if rule != SanctionRule.DAILY_ITEM and done >= limit:
        return _sanction(citizen, rule, rules, now, since, f"{done} 次")
    if done == (limit if rule == SanctionRule.DAILY_ITEM else limit - 1) and not recently_warned:
        return _warn(citizen, rule, now, f"{done} 次")
    return None


def describe(sanction):
    """The Chinese sentence shown on screen and sent by SMS."""
    rules = BookingSettings.current()
    if sanction.kind == SanctionKind.SUSPENSION:
        return (f"因{sanction.get_rule_display()}，您的网上预约功能已暂停至 "
                f"{timezone.localtime(sanction.ends_at):%Y年%m月%d日 %H:%M}，期间仍可到大厅现场取号办理。")
    consequences = {
        SanctionRule.NO_SHOW: f"{rules.no_show_window_days} 天内爽约达到 {rules.no_show_limit} 次",
        SanctionRule.CANCELLATION: f"{rules.cancel_window_days} 天内取消达到 {rules.cancel_limit} 次",
        SanctionRule.DAILY_ITEM: f"同一事项同一天的预约超过 {rules.daily_item_limit} 次（含已取消的）",
    }
    return (f"提醒：{consequences[sanction.rule]}将暂停网上预约 {rules.suspension_days} 天。"
            "如不能按时到场，请提前取消预约。")
