"""The hall queue (取号 → 叫号): tickets with a number unique per hall and day, their calls,
and the wait from check-in to the first call (for the monthly bulletin).

Priority (docs/domain.md “预约与叫号”): pre-reviewed bookings (窗口优先) before other bookings
before walk-ins; within a class, first come first called.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone


class TicketKind(models.TextChoices):
    PRE_REVIEWED = "pre_reviewed", "预审通过预约"
    BOOKED = "booked", "预约"
    WALK_IN = "walk_in", "现场取号"


# Number prefixes read out on the board: Y 预约, P 预审优先, A 现场.
PREFIX = {TicketKind.PRE_REVIEWED: "P", TicketKind.BOOKED: "Y", TicketKind.WALK_IN: "A"}
PRIORITY = {TicketKind.PRE_REVIEWED: 2, TicketKind.BOOKED: 1, TicketKind.WALK_IN: 0}


class TicketStatus(models.TextChoices):
    WAITING = "waiting", "候叫"
    CALLED = "called", "已叫号"
    SKIPPED = "skipped", "过号"
    SERVED = "served", "已办结"
    NO_SHOW = "no_show", "未到"


class QueueCounter(models.Model):
    """The last number issued in one hall on one day; its row lock serialises check-ins."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hall", "date"], name="queue_counter_per_hall_day")]

    def __str__(self):
        return f"{self.hall_id} {self.date:%Y-%m-%d} #{self.last_number}"


def new_ticket_code():
    # 16 random bytes: the code alone lets a visitor rate the visit, so it must not be guessable.
    return secrets.token_urlsafe(16)


class Ticket(models.Model):
    """排队号: one visit in a hall on one day."""

    code = models.CharField("凭证码", max_length=32, unique=True, default=new_ticket_code, editable=False)
    hall = models.ForeignKey("halls.Hall", verbose_name="大厅", on_delete=models.PROTECT, related_name="tickets")
    date = models.DateField("日期")
    number = models.PositiveIntegerField("序号")
    display_number = models.CharField("排队号", max_length=8)
    kind = models.CharField("类型", max_length=12, choices=TicketKind.choices)
    priority = models.PositiveSmallIntegerField("优先级", default=0)
    item = models.ForeignKey("guides.ServiceItemPage", verbose_name="事项", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("guides.Department", verbose_name="部门", on_delete=models.PROTECT, related_name="+")
    booking = models.OneToOneField(
        "reservations.Booking", verbose_name="预约", null=True, blank=True, on_delete=models.PROTECT, related_name="ticket",
    )
    case = models.ForeignKey(
        "casework.Case", verbose_name="办件", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets",
    )
    # Booked tickets are called with priority only from this moment (slot start less a lead).
    priority_from = models.DateTimeField("优先起始时间", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING, db_index=True)
    # Set when transferred (转窗口): only this window may call it next.
    target_window = models.ForeignKey("halls.Window", verbose_name="指定窗口", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    window = models.ForeignKey("halls.Window", verbose_name="叫号窗口", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets")
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="叫号人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField("取号时间", default=timezone.now)
    first_called_at = models.DateTimeField("首次叫号时间", null=True, blank=True)
    called_at = models.DateTimeField("最近叫号时间", null=True, blank=True)
    call_count = models.PositiveSmallIntegerField("叫号次数", default=0)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    wait_seconds = models.PositiveIntegerField("等候时长（秒）", null=True, blank=True, help_text="取号到首次叫号。")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        ordering = ["date", "number"]
        verbose_name = "排队号"
        verbose_name_plural = "排队号"
        constraints = [models.UniqueConstraint(fields=["hall", "date", "number"], name="ticket_number_unique_per_hall_day")]
        # The monthly bulletin reads one month of tickets across every hall (docs/domain.md "每月运行情况通报").
        indexes = [models.Index(fields=["hall", "date", "status"]), models.Index(fields=["date", "department", "item", "window", "wait_seconds"], name="ticket_date")]
        permissions = [("issue_ticket", "现场取号、签到"), ("call_ticket", "窗口叫号")]

    def __str__(self):
        return f"{self.hall} {self.date:%Y-%m-%d} {self.display_number}"

    @property
    def rating_url(self):
        """The 一次一评 page for this visit, once the ratings app provides one; else None."""
        try:
            return reverse("ratings:rate_visit", args=[self.code])
        except NoReverseMatch:
            return None
