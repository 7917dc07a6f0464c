"""The hall-visit source: bookings (reservations) and queue tickets (queueing), docs/domain.md
"## 每月运行情况通报" (预约与到厅) and "## 预约与叫号".

Two grouped aggregate queries per month, each restricted to the month by an indexed date range:
bookings by their slot's day (grouped by the item's department and the item; a booking has no
window until it is checked in), tickets by their day (grouped by department, item and the window
that called them). The wait is the ticket's stored `wait_seconds` (first call − check-in).
"""

from django.apps import apps
from django.db.models import Count, Q, Sum

from .registry import Source, average, count, rate, register

SOURCE = "visits"


def _rows(queryset, department, item, window, **aggregates):
    group = [department, item] + ([window] if window else [])
    for row in queryset.values(*group).annotate(**aggregates).order_by():
        yield row.pop(department), row.pop(item), row.pop(window, None) if window else None, {k: v or 0 for k, v in row.items()}


class HallVisitSource(Source):
    key = SOURCE
    label = "预约取号"
    records_windows = True
    metrics = (
        count("bookings", "预约量", "预约时段在本月的网上预约数（预约后取消的不计）。", SOURCE, unit="人次"),
        rate("no_show_rate", "爽约率", "预约时段在本月且已有结果的预约中，爽约（时段开始 15 分钟后仍未签到，或签到后叫号未到）的预约数 ÷"
             "（已签到取号 + 爽约）的预约数 × 100%（尚未到时段的预约不计）。", SOURCE, "booking_no_shows", "bookings_settled",
             higher_is_better=False),
        count("tickets", "取号量", "本月在大厅取得排队号的人次（预约签到取号与现场取号合计）。", SOURCE, unit="人次"),
        average("avg_wait_minutes", "平均等候时长", "本月排队号从取号（签到）到首次叫号的分钟数之和 ÷ 已叫号的排队号数（尚未叫号的不计）。",
                SOURCE, "wait_seconds", "called_tickets", unit="分钟", scale=1 / 60),
    )

    def available(self):
        return apps.is_installed("reservations") and apps.is_installed("queueing")

    def rows(self, month, as_of):
        from queueing.models import Ticket
        from reservations.models import Booking, BookingStatus

        in_month = {"slot__date__gte": month.first_day, "slot__date__lte": month.last_day}
        bookings = Booking.objects.filter(**in_month).exclude(status=BookingStatus.CANCELLED)
        yield from _rows(
            bookings, "item__department_id", "item_id", None,
            bookings=Count("pk"),
            booking_no_shows=Count("pk", filter=Q(status=BookingStatus.NO_SHOW)),
            bookings_settled=Count("pk", filter=Q(status__in=(BookingStatus.NO_SHOW, BookingStatus.CHECKED_IN))),
        )
        tickets = Ticket.objects.filter(date__gte=month.first_day, date__lte=month.last_day)
        yield from _rows(
            tickets, "department_id", "item_id", "window_id",
            tickets=Count("*"),  # COUNT(*): the covering ticket_date index answers it alone
            called_tickets=Count("wait_seconds"),
            wait_seconds=Sum("wait_seconds"),
        )


register(HallVisitSource())
