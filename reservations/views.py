"""Citizen pages: choose hall, day and slot → confirm → booking (code, QR, .ics, SMS);
我的预约 with reschedule and cancel until the slot starts."""

import datetime

import segno
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from citizens.decorators import citizen_required
from guides.models import ServiceItemPage

from . import abuse, services
from .ics import booking_calendar
from .models import Booking, BookingSettings, BookingStatus
from .slots import KEY, SlotUnavailable, bookable_days, find_choice, group_for, halls_for, is_bookable, slots_on


def _item_or_404(item_code):
    return get_object_or_404(ServiceItemPage.objects.live().select_related("department"), item_code=item_code)


def _own_booking(request, code):
    """The signed-in citizen's booking; another citizen's code is a 404 (nothing confirmed)."""
    if "\x00" in code:  # PostgreSQL refuses NUL in a query: not found like any unknown code
        raise Http404("没有找到该预约。")
    booking = (
        Booking.objects.select_related("slot__hall", "item", "case").filter(code=str(code).upper()[:12], citizen=request.user).first()
    )
    if booking is None:
        raise Http404("没有找到该预约。")
    return booking


def _changing(request, item):
    """The booking being rescheduled (?change=<code>), or None."""
    code = request.GET.get("change") or request.POST.get("change")
    if not code:
        return None
    booking = _own_booking(request, code)
    if booking.item_id != item.pk or not booking.can_change():
        raise Http404("该预约不能改约。")
    return booking


def _parse_day(text):
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return None


def _picker_context(request, item, errors):
    group = group_for(item)
    halls = list(halls_for(item))
    hall = halls[0] if halls else None
    wanted = request.GET.get("hall")
    if wanted:
        chosen = next((h for h in halls if str(h.pk) == wanted), None)
        if chosen is None:
            errors.append("所选大厅不办理此事项，已为您显示可选的大厅。")
        hall = chosen or hall
    days = bookable_days(hall, item, group) if hall else []
    day = _parse_day(request.GET.get("date"))
    if request.GET.get("date") and day not in {d for d, _ in days}:
        errors.append("所选日期不可预约（已过去、非工作日、闭厅或超出可预约范围），已为您显示最近的可约日期。")
        day = None
    day = day or (days[0][0] if days else None)
    keep = {name: request.GET[name] for name in ("case", "change") if request.GET.get(name)}
    day_links = [
        {"date": d, "free": free, "current": d == day,
         "url": "?" + urlencode({**keep, "hall": hall.pk, "date": d.isoformat()})}
        for d, free in days
    ]
    return {
        "group": group, "halls": halls, "hall": hall, "days": day_links, "day": day, "keep": keep,
        "slots": slots_on(hall, item, group, day) if day else [],
    }


def _case_param(request, item, errors):
    case_id = request.GET.get("case") or request.POST.get("case") or ""
    if not case_id:
        return None
    try:
        return services.pre_reviewed_case(request.user, item, case_id)
    except services.BookingError as error:
        errors.append(error.message)
        return None


@citizen_required
@require_http_methods(["GET"])
def choose(request, item_code):
    """Step 1: hall, day and slot (remaining places shown)."""
    return _picker(request, _item_or_404(item_code), [], 200)


def _picker(request, item, errors, status):
    context = {"item": item, "changing": _changing(request, item), "errors": errors}
    if not is_bookable(item):
        context["unavailable"] = "该事项暂未开放网上预约，可到大厅现场取号办理。"
        return render(request, "reservations/choose.html", context)
    suspension = abuse.active_suspension(request.user)
    if suspension:
        context["unavailable"] = abuse.describe(suspension)
        return render(request, "reservations/choose.html", context, status=403)
    context["case"] = _case_param(request, item, errors)
    context.update(_picker_context(request, item, errors))
    return render(request, "reservations/choose.html", context, status=status)


@citizen_required
@require_http_methods(["GET", "POST"])
def confirm(request, item_code):
    """Step 2: check the choice, then book (or move the booking being rescheduled)."""
    item = _item_or_404(item_code)
    changing = _changing(request, item)
    key = request.POST.get("slot") if request.method == "POST" else request.GET.get("slot")
    try:
        choice = find_choice(item, key)
    except SlotUnavailable as error:
        return _back_to_picker(request, item, error.message)
    errors = []
    case = None if changing else _case_param(request, item, errors)
    if request.method == "GET":
        context = {
            "item": item, "choice": choice, "changing": changing, "case": case, "errors": errors,
            "token": services.new_request_token(), "rules": BookingSettings.current(),
        }
        return render(request, "reservations/confirm.html", context)
    try:
        if changing:
            booking = services.reschedule(changing, request.user, key)
            messages.success(request, "已改约到新的时段，短信已发送。")
        else:
            booking, created, sanction = services.book(
                request.user, item, key, request.POST.get("token", ""), case_id=request.POST.get("case") or None,
            )
            messages.success(request, "预约成功，预约码和二维码如下，短信已发送。" if created else "该预约已提交过，以下是您的预约。")
            if sanction:
                messages.warning(request, abuse.describe(sanction))
    except services.BookingError as error:
        return _back_to_picker(request, item, error.message, status=409)
    return redirect("reservations:detail", code=booking.code)


def _back_to_picker(request, item, message, status=400):
    """Re-show the picker with the reason, keeping hall/day/case/change where valid."""
    request.GET = request.GET.copy()
    for name in ("case", "change"):
        if request.POST.get(name):
            request.GET[name] = request.POST[name]
    match = KEY.match(request.POST.get("slot") or request.GET.get("slot") or "")
    if match and match.group(1) in {str(h.pk) for h in halls_for(item)}:
        request.GET["hall"] = match.group(1)
        day = _parse_day(f"{match.group(2)[:4]}-{match.group(2)[4:6]}-{match.group(2)[6:]}")
        if day and day >= timezone.localdate():
            request.GET["date"] = day.isoformat()
    return _picker(request, item, [message], status)


def qr_svg(url):
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, title="预约签到二维码", dark="#000", light="#fff")
    return mark_safe(svg)  # noqa: S308 - produced by segno from a URL we built, not user HTML


def detail_url(request, booking):
    return request.build_absolute_uri(reverse("reservations:detail", args=[booking.code]))


@citizen_required
def my_bookings(request):
    bookings = Booking.objects.filter(citizen=request.user).select_related("slot__hall", "item").order_by("-slot__date", "-slot__start")
    return render(request, "reservations/my_bookings.html", {"bookings": bookings, "now": timezone.now()})


@citizen_required
def detail(request, code):
    booking = _own_booking(request, code)
    url = detail_url(request, booking)
    context = {
        "booking": booking, "qr_svg": qr_svg(url), "can_change": booking.can_change(),
        "ticket": getattr(booking, "ticket", None) if booking.status == BookingStatus.CHECKED_IN else None,
        "windows": booking.item.service_windows.filter(hall=booking.slot.hall, active=True),
        "change_url": reverse("reservations:choose", args=[booking.item.item_code]) + "?" + urlencode({"change": booking.code}),
    }
    return render(request, "reservations/detail.html", context)


@citizen_required
def ics(request, code):
    booking = _own_booking(request, code)
    body = booking_calendar(booking, detail_url(request, booking), request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.code}.ics"'
    return response


@citizen_required
@require_http_methods(["GET", "POST"])
def cancel(request, code):
    booking = _own_booking(request, code)
    if request.method == "GET":
        return render(request, "reservations/cancel.html", {"booking": booking, "can_change": booking.can_change()})
    try:
        sanction = services.cancel(booking, request.user)
    except services.BookingError as error:
        messages.error(request, error.message)
        return redirect("reservations:detail", code=booking.code)
    messages.success(request, "预约已取消，名额已释放。")
    if sanction:
        messages.warning(request, abuse.describe(sanction))
    return redirect("reservations:detail", code=booking.code)


