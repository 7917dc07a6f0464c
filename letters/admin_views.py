"""Staff screens for letters (Wagtail admin → 好差评与信件 → 信件办理).

Supervisors see every letter with the writer's identity; department staff see the letters
routed to their department, redacted. A letter outside the user's scope is a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from casework import access

from . import services
from .forms import CallbackForm, CloseForm, ReplyForm, ReviewForm, RouteForm, StaffEntryForm
from .models import AWAITING_REPLY, LetterStatus, LetterType


def may_use_letters(user):
    return access.is_case_staff(user)


def _require(user):
    if not may_use_letters(user):
        raise PermissionDenied("只有督查人员和部门工作人员可以查看信件。")


def queue(request):
    _require(request.user)
    scoped = services.letters_visible_to(request.user).select_related("department")
    counts = dict(scoped.values_list("status").annotate(n=Count("pk")).order_by())
    letters = scoped
    status, letter_type, due = request.GET.get("status", ""), request.GET.get("type", ""), request.GET.get("due", "")
    if status in LetterStatus.values:
        letters = letters.filter(status=status)
    if letter_type in LetterType.values:
        letters = letters.filter(letter_type=letter_type)
    if due == "overdue":
        letters = services.overdue(letters)
    elif due == "soon":
        letters = services.due_soon(letters)
    page = Paginator(letters.order_by("due_date", "pk"), 30).get_page(request.GET.get("p"))
    context = {
        "page": page, "status_counts": [(v, label, counts.get(v, 0)) for v, label in LetterStatus.choices],
        "overdue_count": services.overdue(scoped).count(), "soon_count": services.due_soon(scoped).count(),
        "types": LetterType.choices, "statuses": LetterStatus.choices, "filters": request.GET,
        "today": timezone.localdate(), "is_supervisor": access.is_supervisor(request.user),
    }
    return TemplateResponse(request, "letters/admin/queue.html", context)


def new_letter(request):
    """登记来访、来电、来信 (supervisors, who hold the writer's identity)."""
    if not access.is_supervisor(request.user):
        raise PermissionDenied("只有督查人员可以登记来信。")
    form = StaffEntryForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            letter = services.register(
                letter_type=data["letter_type"], channel=data["channel"], hotline_ticket=data["hotline_ticket"],
                subject=data["subject"], content=data["content"], writer_name=data["writer_name"], phone=data["phone"],
                address=data["address"], anonymous=data["anonymous"], consent_to_publish=data["consent_to_publish"],
                related_department=data["related_department"], related_item=data["related_item"],
                entered_by=request.user, received_on=data["received_on"],
            )
        except services.LetterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已登记，信件编号 {letter.tracking_number}。")
            return redirect("letter_queue:detail", pk=letter.pk)
    return TemplateResponse(request, "letters/admin/new.html", {"form": form})


ACTIONS = {
    "route": (RouteForm, lambda letter, u, d: services.route(letter, u, d["department"], d["note"])),
    "reply": (ReplyForm, lambda letter, u, d: services.reply(letter, u, d["reply"], d["finding"])),
    "review": (ReviewForm, lambda letter, u, d: services.re_verify(letter, u, d["conclusion"], d["send_back"])),
    "callback": (CallbackForm, lambda letter, u, d: services.record_callback(letter, u, d["result"], d["note"])),
    "close": (CloseForm, lambda letter, u, d: services.close_without_feedback(letter, u, d["note"])),
}
ACTION_LABELS = {"route": "转办", "reply": "答复", "review": "复核", "callback": "登记回访", "close": "办结（无评价）"}


def _available(letter, user):
    supervisor = access.is_supervisor(user)
    own_dept = letter.department_id and access.staff_department_id(user) == letter.department_id
    names = []
    if supervisor and letter.status in AWAITING_REPLY:
        names.append("route")
    if letter.status == LetterStatus.ROUTED and (supervisor or own_dept):
        names.append("reply")
    if supervisor and letter.status == LetterStatus.REVIEWING:
        names.append("review")
    if supervisor and letter.replied_at and letter.has_reply_channel:
        names.append("callback")
    if supervisor and letter.status == LetterStatus.REPLIED:
        names.append("close")
    return names


def detail(request, pk):
    _require(request.user)
    letter = get_object_or_404(services.letters_visible_to(request.user).select_related("department", "related_item"), pk=pk)
    names = _available(letter, request.user)
    posted = request.POST.get("action") if request.method == "POST" else None
    forms = {}
    for name in names:
        form_class = ACTIONS[name][0]
        forms[name] = form_class(request.POST if posted == name else None, prefix=name,
                                 initial={"department": letter.department_id} if name == "route" else None)
    if posted in forms and forms[posted].is_valid():
        try:
            ACTIONS[posted][1](letter, request.user, forms[posted].cleaned_data)
        except services.LetterError as error:
            forms[posted].add_error(None, str(error))
        else:
            messages.success(request, f"已{ACTION_LABELS[posted]}。")
            return redirect("letter_queue:detail", pk=letter.pk)
    elif posted and posted not in forms:
        messages.error(request, "该信件当前不能进行此操作，请刷新后查看最新状态。")
        return redirect("letter_queue:detail", pk=letter.pk)
    identity = access.is_supervisor(request.user)
    context = {
        "letter": letter, "identity": identity,
        "forms": [(name, ACTION_LABELS[name], forms[name]) for name in names], "posted": posted,
        "transitions": letter.transitions.all(), "callbacks": letter.callbacks.all(),
        "overdue": letter.status in AWAITING_REPLY and letter.due_date < timezone.localdate(),
    }
    failed = posted in forms and bool(forms[posted].errors)
    return TemplateResponse(request, "letters/admin/detail.html", context, status=400 if failed else 200)
