"""Bookings (预约): item groups with slot length and capacity, slots, bookings and the abuse
sanctions (warnings, suspensions). Rules in docs/domain.md “预约与叫号”.

A slot is never overbooked: Slot.booked is raised only by a conditional UPDATE
(booked < capacity) inside the booking transaction, and a CHECK constraint refuses any row
with booked > capacity, so the database holds the line whatever the concurrency.
"""

import datetime

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from citizens.masking import mask_phone
from privacy.fields import EncryptedCharField, LookupHashField


@register_setting(icon="date")
class BookingSettings(BaseSiteSetting):
    """预约规则: the values docs/domain.md §3 marks configurable, with its defaults."""

    horizon_working_days = models.PositiveSmallIntegerField(
        "可预约工作日数", default=10, help_text="从明天起可预约多少个工作日内的时段（当天的剩余时段也可预约）。"
    )
    checkin_early_minutes = models.PositiveSmallIntegerField("最早提前签到（分钟）", default=60)
    checkin_late_minutes = models.PositiveSmallIntegerField(
        "最晚迟到签到（分钟）", default=15, help_text="预约时段开始后超过此时间未签到的，须现场普通取号。"
    )
    priority_lead_minutes = models.PositiveSmallIntegerField(
        "预约号优先提前量（分钟）", default=10,
        help_text="预约号自时段开始前多少分钟起优先叫号；更早到达的按普通号排队，避免提前到达者插队。",
    )
    no_show_limit = models.PositiveSmallIntegerField("爽约次数上限", default=2)
    no_show_window_days = models.PositiveSmallIntegerField("爽约统计周期（天）", default=30)
    daily_item_limit = models.PositiveSmallIntegerField(
        "同一事项每日预约上限", default=3, help_text="对同一事项同一天的预约（含已取消的）超过此次数即违规。"
    )
    cancel_limit = models.PositiveSmallIntegerField("取消次数上限", default=5)
    cancel_window_days = models.PositiveSmallIntegerField("取消统计周期（天）", default=30)
    suspension_days = models.PositiveSmallIntegerField("暂停预约天数", default=30)

    panels = [
        MultiFieldPanel([FieldPanel("horizon_working_days"),
                         FieldRowPanel([FieldPanel("checkin_early_minutes"), FieldPanel("checkin_late_minutes")]),
                         FieldPanel("priority_lead_minutes")], heading="预约与签到"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("no_show_limit"), FieldPanel("no_show_window_days")]),
                         FieldPanel("daily_item_limit"),
                         FieldRowPanel([FieldPanel("cancel_limit"), FieldPanel("cancel_window_days")]),
                         FieldPanel("suspension_days")],
                        heading="失信约束（先警告，再暂停预约）"),
    ]

    class Meta:
        verbose_name = "预约规则"

    CACHE_KEY = "reservations:booking-settings"

    @classmethod
    def current(cls):
        """The default site's rules. Read on every booking, so kept in the cache for a minute;
        saving them in the admin clears it at once."""
        from django.core.cache import cache
        from wagtail.models import Site

        rules = cache.get(cls.CACHE_KEY)
        if rules is None:
            site = Site.objects.filter(is_default_site=True).first()
            rules = cls.for_site(site) if site else cls()
            cache.set(cls.CACHE_KEY, rules, 60)
        return rules

    def save(self, *args, **kwargs):
        from django.core.cache import cache

        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)


class BookingGroup(models.Model):
    """预约事项组: items booked with the same slot length and capacity per hall and slot."""

    name = models.CharField("事项组名称", max_length=50, unique=True)
    items = models.ManyToManyField(
        "guides.ServiceItemPage", verbose_name="事项", related_name="booking_groups",
        help_text="仅“可预约办理”的事项会显示预约按钮；一个事项只应属于一个事项组。",
    )
    slot_minutes = models.PositiveSmallIntegerField("每个时段（分钟）", default=30)
    capacity = models.PositiveSmallIntegerField("每个时段可约人数", default=5, help_text="每个大厅每个时段的名额。")
    active = models.BooleanField("开放预约", default=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("slot_minutes"), FieldPanel("capacity"), FieldPanel("active")]),
        FieldPanel("items", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "预约事项组"
        verbose_name_plural = "预约事项组"
        constraints = [
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="booking_group_slot_at_least_5_min"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="booking_group_capacity_positive"),
        ]

    def __str__(self):
        return self.name


class Slot(models.Model):
    """预约时段: one (hall, group, day, start) with its capacity and how many are booked.

    Rows are created on first booking (the calendar decides which slots exist); capacity is
    copied from the group then, so a later change of the group does not strand bookings.
    """

    hall = models.ForeignKey("halls.Hall", verbose_name="大厅", on_delete=models.PROTECT, related_name="slots")
    group = models.ForeignKey(BookingGroup, verbose_name="事项组", on_delete=models.PROTECT, related_name="slots")
    date = models.DateField("日期")
    start = models.TimeField("开始时间")
    end = models.TimeField("结束时间")
    capacity = models.PositiveSmallIntegerField("名额")
    booked = models.PositiveSmallIntegerField("已约", default=0)

    class Meta:
        ordering = ["date", "start"]
        verbose_name = "预约时段"
        verbose_name_plural = "预约时段"
        constraints = [
            models.UniqueConstraint(fields=["hall", "group", "date", "start"], name="slot_unique_per_hall_group_start"),
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="slot_never_overbooked"),
        ]

    def __str__(self):
        return f"{self.hall} {self.date:%Y-%m-%d} {self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def starts_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.date, self.start))

    @property
    def ends_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.date, self.end))

    @property
    def remaining(self):
        return self.capacity - self.booked


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "已预约"
    CHECKED_IN = "checked_in", "已签到取号"
    CANCELLED = "cancelled", "已取消"
    NO_SHOW = "no_show", "爽约"


class Booking(models.Model):
    """预约: one citizen's booked slot for one item, exchanged for a queue number on arrival."""

    code = models.CharField("预约码", max_length=12, unique=True, editable=False)
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="预约人", on_delete=models.PROTECT, related_name="bookings")
    item = models.ForeignKey("guides.ServiceItemPage", verbose_name="事项", on_delete=models.PROTECT, related_name="bookings")
    slot = models.ForeignKey(Slot, verbose_name="时段", on_delete=models.PROTECT, related_name="bookings")
    case = models.ForeignKey(
        "casework.Case", verbose_name="关联办件", null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings",
    )
    # 窗口优先: the case's pre-review passed, so the window does not repeat the material review.
    priority = models.BooleanField("预审通过优先", default=False)
    status = models.CharField("状态", max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED, db_index=True)
    # Encrypted at rest (privacy/, docs/domain.md 个人信息的存储与显示).
    phone = EncryptedCharField("短信手机号", max_length=11, blank=True)
    phone_hash = LookupHashField("短信手机号检索摘要", source="phone", db_index=True)
    # The confirm form's one-time token: a second submission of the same form finds this row.
    request_token = models.CharField(max_length=36, editable=False)
    created_at = models.DateTimeField("预约时间", default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True, editable=False)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField("提醒短信时间", null=True, blank=True, editable=False)
    reschedule_count = models.PositiveSmallIntegerField("改约次数", default=0, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "预约记录"
        verbose_name_plural = "预约记录"
        constraints = [
            models.UniqueConstraint(fields=["citizen", "request_token"], name="booking_idempotent_submission"),
            models.UniqueConstraint(
                fields=["citizen", "slot"], condition=Q(status="booked"), name="booking_one_active_per_citizen_slot",
            ),
        ]
        indexes = [models.Index(fields=["citizen", "item", "created_at"]), models.Index(fields=["status", "slot"])]

    def get_phone_display(self):
        """Masked wherever staff see a booking: reminders go out by SMS, nobody needs to call
        (docs/domain.md 个人信息的存储与显示)."""
        return mask_phone(self.phone) or "—"

    def __str__(self):
        return f"{self.code} {self.item.title}"

    @property
    def is_active(self):
        return self.status == BookingStatus.BOOKED

    def can_change(self, now=None):
        """Cancel or reschedule: only an active booking, only until its slot starts."""
        return self.is_active and (now or timezone.now()) < self.slot.starts_at


class SanctionKind(models.TextChoices):
    WARNING = "warning", "警告"
    SUSPENSION = "suspension", "暂停预约"


class SanctionRule(models.TextChoices):
    NO_SHOW = "no_show", "预约后爽约"
    DAILY_ITEM = "daily_item", "同一事项同日多次预约"
    CANCELLATION = "cancellation", "频繁取消预约"


class BookingSanction(models.Model):
    """失信约束: a warning, or a suspension of booking until `ends_at` (an administrator may
    shorten it by editing the end, e.g. after a justified appeal)."""

    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="预约人", on_delete=models.CASCADE, related_name="booking_sanctions")
    kind = models.CharField("类型", max_length=10, choices=SanctionKind.choices)
    rule = models.CharField("原因", max_length=12, choices=SanctionRule.choices)
    created_at = models.DateTimeField("时间", default=timezone.now)
    ends_at = models.DateTimeField("暂停至", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    panels = [FieldPanel("ends_at"), FieldPanel("note")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "预约失信记录"
        verbose_name_plural = "预约失信记录"
        indexes = [models.Index(fields=["citizen", "kind", "ends_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.get_rule_display()}"

    def citizen_masked(self):
        """The citizen as staff may see them in a list: masked name and phone (the account's
        user name is an opaque code, docs/domain.md 账户与登录)."""
        profile = getattr(self.citizen, "citizen", None)
        return f"{profile.masked_name}（{profile.masked_phone}）" if profile else "—"

    citizen_masked.short_description = "预约人"
