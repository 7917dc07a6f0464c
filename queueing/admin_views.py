"""Admin screens of the hall: 取号签到 (desk), 叫号 per window, and the day list (.xlsx)."""

import datetime
from io import BytesIO

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook

from guides.models import ServiceItemPage
from halls.models import Hall, Window

from . import access, services
from .models import Ticket, TicketStatus


def _require_staff(request):
    if not access.is_queue_staff(request.user):
        raise PermissionDenied("仅窗口工作人员和督查人员可使用取号叫号。")


def index(request):
    _require_staff(request)
    halls = Hall.objects.filter(active=True).prefetch_related("windows__department")
    rows = [(hall, access.windows_for(request.user, [w for w in hall.windows.all() if w.active])) for hall in halls]
    return render(request, "queueing/admin/index.html", {"rows": rows})


def _hall_items(hall):
    return ServiceItemPage.objects.live().filter(service_windows__hall=hall, service_windows__active=True).distinct().order_by("title")


@require_http_methods(["GET", "POST"])
def desk(request, hall_id):
    """取号签到: a booking code or scanned QR, or a walk-in ticket for an item."""
    _require_staff(request)
    hall = get_object_or_404(Hall, pk=hall_id, active=True)
    ticket, status = None, 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "walk_in":
                item_id = request.POST.get("item", "")
                item = _hall_items(hall).filter(pk=int(item_id)).first() if item_id.isdigit() else None
                ticket = services.walk_in(hall, item)
            else:
                ticket = services.check_in(hall, request.POST.get("code", ""))
        except services.QueueError as error:
            messages.error(request, error.message)
            status = 400
    context = {"hall": hall, "items": _hall_items(hall), "ticket": ticket}
    if ticket:
        url = request.build_absolute_uri(reverse("queueing:ticket", args=[ticket.code]))
        context["ticket_url"] = url
        context["ticket_qr"] = mark_safe(  # noqa: S308 - segno's SVG of a URL we built
            segno.make(url, error="m").svg_inline(scale=3, border=2, title="扫码查看排队进度")
        )
    return render(request, "queueing/admin/desk.html", context, status=status)


ACTIONS = {
    "next": lambda window, request: services.call_next(window, request.user),
    "recall": lambda window, request: services.recall(window),
    "skip": lambda window, request: services.skip(window),
    "serve": lambda window, request: services.serve(window),
    "no_show": lambda window, request: services.no_show(window),
    "transfer": lambda window, request: services.transfer(window, _target(window, request.POST.get("target", ""))),
    "requeue": lambda window, request: services.requeue(_skipped(window, request.POST.get("ticket", ""))),
}
DONE = {
    "next": "已叫号：{}", "recall": "已重呼：{}", "skip": "已过号：{}", "serve": "已办结：{}",
    "no_show": "已标记未到：{}", "transfer": "已转窗口：{}",
}


def _target(window, value):
    return Window.objects.filter(pk=int(value), hall=window.hall_id).first() if value.isdigit() else None


def _skipped(window, value):
    ticket = Ticket.objects.filter(pk=int(value), hall=window.hall_id).first() if value.isdigit() else None
    if ticket is None:
        raise services.QueueError("没有找到该号。")
    return ticket


@require_http_methods(["GET", "POST"])
def window_screen(request, window_id):
    """叫号: next, recall, skip, transfer, served, no-show for one window."""
    _require_staff(request)
    window = get_object_or_404(Window.objects.select_related("hall", "department"), pk=window_id)
    if not access.can_call_at(request.user, window):
        raise PermissionDenied("您只能在本部门的窗口叫号。")
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            messages.error(request, "未知的操作。")
        else:
            try:
                ticket = ACTIONS[action](window, request)
                if action == "requeue":
                    messages.success(request, "已重新排队。")
                else:
                    messages.success(request, DONE[action].format(ticket.display_number))
            except services.QueueError as error:
                messages.error(request, error.message)
        return redirect("queueing_admin:window", window_id=window.pk)
    today = timezone.localdate()
    current = services.current_ticket(window)
    context = {
        "window": window, "current": current,
        "waiting": services.waiting_for(window)[:15],
        "skipped": Ticket.objects.filter(window=window, date=today, status=TicketStatus.SKIPPED).order_by("-finished_at"),
        "others": Window.objects.filter(hall=window.hall, active=True).exclude(pk=window.pk),
        "served_today": Ticket.objects.filter(window=window, date=today, status=TicketStatus.SERVED).count(),
    }
    return render(request, "queueing/admin/window.html", context)


COLUMNS = ["排队号", "类型", "事项", "部门", "预约码", "状态", "窗口", "取号时间", "首次叫号", "结束时间", "等候（分钟）", "叫号次数"]


def _day_rows(hall, day):
    tickets = Ticket.objects.filter(hall=hall, date=day).select_related("item", "department", "window", "booking")
    for t in tickets.order_by("number"):
        yield [
            t.display_number, t.get_kind_display(), t.item.title if t.item else "", t.department.name,
            t.booking.code if t.booking else "", t.get_status_display(), t.window.number if t.window else "",
            _clock(t.issued_at), _clock(t.first_called_at), _clock(t.finished_at),
            round(t.wait_seconds / 60, 1) if t.wait_seconds is not None else "", t.call_count,
        ]


def _clock(moment):
    return timezone.localtime(moment).strftime("%H:%M:%S") if moment else ""


def day_list(request, hall_id):
    """当日排队清单, also as an .xlsx workbook (?export=xlsx)."""
    _require_staff(request)
    hall = get_object_or_404(Hall, pk=hall_id)
    try:
        day = datetime.date.fromisoformat(request.GET.get("date") or timezone.localdate().isoformat())
    except ValueError:
        messages.error(request, "日期格式应为 年-月-日，如 2026-12-01；已显示今天。")
        day = timezone.localdate()
    rows = list(_day_rows(hall, day))
    if request.GET.get("export") == "xlsx":
        return _xlsx(hall, day, rows)
    return render(request, "queueing/admin/day.html", {"hall": hall, "day": day, "rows": rows, "columns": COLUMNS})


def _xlsx(hall, day, rows):
    book = Workbook()
    sheet = book.active
    sheet.title = f"{day:%Y-%m-%d}"
    sheet.append([f"{hall.name} {day:%Y年%m月%d日} 排队清单"])
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    for column, width in zip("ABCDEFGHIJKL", (8, 12, 30, 20, 14, 8, 8, 10, 10, 10, 12, 8), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="queue-{hall.code}-{day:%Y%m%d}.xlsx"'
    return response
