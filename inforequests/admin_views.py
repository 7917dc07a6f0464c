"""Staff screens of 依申请公开: the list with deadlines, entry of requests received by post or
in person, one request with its lawful actions, and its notices."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casework import clock
from casework.engine import ActionError
from casework.notices import render_notice
from citizens.masking import mask_id_number, mask_phone
from privacy.reveal import record_reveal, reveals_of, take_reveal
from workdays.calendar import working_days_between

from .choices import REPLY_REASONS, RequestStatus
from .forms import ACTION_FORMS, StaffRequestForm
from .models import InfoRequest
from .services import file_request
from .workflow import ACTION_LABELS, can_handle, workflow

STATUS_FILTERS = {"open": "办理中（含待补正）", "answered": "已答复", "all": "全部"}


def _require_staff(request):
    if not can_handle(request.user):
        raise PermissionDenied


def days_left(info_request, today):
    """Working days to the deadline (negative: overdue); None while paused or answered."""
    if info_request.status != RequestStatus.RECEIVED or info_request.due_date is None:
        return None
    if info_request.due_date >= today:
        return working_days_between(today, info_request.due_date)
    return -working_days_between(info_request.due_date, today)


def request_list(request):
    _require_staff(request)
    scope = request.GET.get("status", "open")
    if scope not in STATUS_FILTERS:
        messages.error(request, "状态筛选条件无效，已显示办理中的申请。")
        scope = "open"
    requests = InfoRequest.objects.all()
    if scope == "open":
        requests = requests.exclude(status=RequestStatus.ANSWERED).order_by("due_date", "pk")
    elif scope == "answered":
        requests = requests.filter(status=RequestStatus.ANSWERED)
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    today = clock.today()
    rows = [(r, days_left(r, today)) for r in page]
    return render(request, "inforequests/admin/list.html", {
        "rows": rows, "page_obj": page, "scope": scope, "scopes": STATUS_FILTERS,
    })


@require_http_methods(["GET", "POST"])
def request_create(request):
    _require_staff(request)
    form = StaffRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        info_request = file_request(form.cleaned_data, channel=form.cleaned_data["channel"], actor=request.user)
        messages.success(request, f"已登记申请 {info_request.number}，答复期限 {info_request.due_date:%Y-%m-%d}。")
        return redirect("inforequests_admin:detail", pk=info_request.pk)
    return render(request, "inforequests/admin/create.html", {"form": form})


@require_http_methods(["GET", "POST"])
def request_detail(request, pk):
    _require_staff(request)
    info_request = get_object_or_404(InfoRequest, pk=pk)
    lawful = workflow.lawful_actions(info_request)
    forms = {name: ACTION_FORMS[name](initial={"version": info_request.version}, prefix=name) for name in lawful}
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name not in ACTION_FORMS:
            messages.error(request, "未知的操作。")
            return redirect("inforequests_admin:detail", pk=pk)
        form = ACTION_FORMS[name](request.POST, prefix=name)
        forms[name] = form
        if form.is_valid():
            try:
                text = workflow.run_form(info_request, request.user, name, form.cleaned_data)
            except ActionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, text)
                return redirect("inforequests_admin:detail", pk=pk)
    refusals = {name: workflow.refusal(info_request, name) for name in ACTION_FORMS if name not in lawful}
    return render(request, "inforequests/admin/detail.html", {
        "info_request": info_request,
        **_identity_context(request, info_request),
        "action_forms": [(name, workflow.actions[name].label, form) for name, form in forms.items()],
        "refusals": [(workflow.actions[n].label, why) for n, why in refusals.items()
                     if why and info_request.status != RequestStatus.ANSWERED],
        "steps": [(t, ACTION_LABELS.get(t.action, t.action)) for t in info_request.transitions.all()],
        "days_left": days_left(info_request, clock.today()),
        "reason_groups": REPLY_REASONS,
    })


def request_notice(request, pk, notice_pk):
    _require_staff(request)
    info_request = get_object_or_404(InfoRequest, pk=pk)
    return render_notice(request, get_object_or_404(info_request.notices, pk=notice_pk), info_request)


# ---------------------------------------------------------------- phone and ID number

REVEALED_SESSION_KEY = "inforequests_revealed"
REVEAL_DETAIL = "查看申请人联系电话和身份证件号码"


def _reveal_target(info_request):
    return f"依申请公开 {info_request.number}"


def _identity_context(request, info_request):
    """Phone and ID number masked; shown in full on the one render after a recorded reveal, as on
    a case page (docs/domain.md 依申请公开, 个人信息的存储与显示)."""
    return {
        "masked_phone": mask_phone(info_request.phone),
        "masked_id_number": mask_id_number(info_request.id_number),
        "revealed": take_reveal(request, REVEALED_SESSION_KEY, info_request.pk),
        "reveals": reveals_of(_reveal_target(info_request)),
    }


def reveal_identity(request, pk):
    """One click shows the requester's full phone and ID number (to call them, or check who
    they are); who, when, which request and from where go to the audit log first."""
    _require_staff(request)
    info_request = get_object_or_404(InfoRequest, pk=pk)
    detail_url = reverse("inforequests_admin:detail", args=[info_request.pk])
    if request.method != "POST":
        return redirect(detail_url)
    record_reveal(request, REVEALED_SESSION_KEY, info_request.pk, _reveal_target(info_request), REVEAL_DETAIL)
    return redirect(detail_url + "#requester")
