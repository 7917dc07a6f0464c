"""Public pages of 依申请公开: the request form (phone checked by SMS code), tracking by
申请编号 + phone + code, and the requester's printable notices.

Access to one request's page is granted in the session after the code is verified, and only
for GRANT_SECONDS; the tracking form answers alike whether or not the number exists, so it
cannot be used to probe for requests.
"""

import time

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from casework.engine import ActionError
from casework.notices import render_notice
from citizens.forms import SendCodeForm
from citizens.masking import mask_name, mask_phone
from citizens.otp import OtpError, send_code, verify_code
from privacy.fields import lookup_hash_of

from .choices import Channel, RequestStatus
from .forms import OnlineRequestForm, ReceiveCorrectionForm, TrackForm, TrackVerifyForm
from .models import InfoRequest
from .services import file_request
from .workflow import ACTION_LABELS, can_handle, workflow

SESSION_GRANTS = "inforequest_grants"
GRANT_SECONDS = 30 * 60
FILE_PURPOSE = "info_request"
TRACK_PURPOSE = "info_request_lookup"
NEUTRAL_SENT = "如申请编号与手机号码匹配，验证码已发送到该手机，5 分钟内有效。"
BAD_CODE = "验证码不正确或已失效，请核对申请编号、手机号码和验证码后重试。"


def _grant(request, info_request):
    grants = {k: v for k, v in request.session.get(SESSION_GRANTS, {}).items() if v > time.time()}
    grants[str(info_request.pk)] = time.time() + GRANT_SECONDS
    request.session[SESSION_GRANTS] = grants


def _granted(request, info_request):
    if can_handle(request.user):
        return True
    return request.session.get(SESSION_GRANTS, {}).get(str(info_request.pk), 0) > time.time()


def _without_code(data):
    return {k: v for k, v in data.items() if k not in ("code", "csrfmiddlewaretoken", "action")}


@require_http_methods(["GET", "POST"])
def request_form(request):
    form, send_error = OnlineRequestForm(), ""
    if request.method == "POST":
        if request.POST.get("action") == "send_code":
            # Unbound, so the half-filled form shows no "required" errors yet.
            form = OnlineRequestForm(initial=_without_code(request.POST))
            send_error = _send_filing_code(request)
        else:
            form = OnlineRequestForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                if not verify_code(data["phone"], FILE_PURPOSE, data["code"]):
                    form.add_error("code", "验证码错误或已失效，请重新获取。")
                else:
                    info_request = file_request(data, channel=Channel.ONLINE)
                    _grant(request, info_request)
                    messages.success(request, f"申请已提交，申请编号 {info_request.number}。")
                    return redirect("inforequests:detail", number=info_request.number)
    return render(request, "inforequests/request_form.html", {"form": form, "send_error": send_error})


def _send_filing_code(request):
    """The 获取验证码 button: check the phone only; a Chinese error, or "" when sent."""
    phone_form = SendCodeForm({"phone": request.POST.get("phone", "")})
    if not phone_form.is_valid():
        return " ".join(phone_form.errors["phone"])
    try:
        send_code(phone_form.cleaned_data["phone"], FILE_PURPOSE)
    except OtpError as error:
        return str(error)
    messages.success(request, "验证码已发送，5 分钟内有效。")
    return ""


@require_http_methods(["GET", "POST"])
def track(request):
    """Step 1: number + phone (send code); step 2: the code."""
    form, verify_form = TrackForm(), None
    if request.method == "POST":
        if request.POST.get("action") == "send_code":
            form = TrackForm(request.POST)
            if form.is_valid():
                number, phone = form.cleaned_data["number"].strip().upper(), form.cleaned_data["phone"]
                if InfoRequest.objects.filter(number=number, phone_hash=lookup_hash_of(phone)).exists():
                    try:
                        send_code(phone, TRACK_PURPOSE)
                    except OtpError:
                        pass  # same answer either way: the form must not reveal which numbers exist
                messages.info(request, NEUTRAL_SENT)
                verify_form = TrackVerifyForm(initial={"number": number, "phone": phone})
        else:
            verify_form = TrackVerifyForm(request.POST)
            if verify_form.is_valid():
                data = verify_form.cleaned_data
                number = data["number"].strip().upper()
                info_request = InfoRequest.objects.filter(number=number, phone_hash=lookup_hash_of(data["phone"])).first()
                if info_request and verify_code(data["phone"], TRACK_PURPOSE, data["code"]):
                    _grant(request, info_request)
                    return redirect("inforequests:detail", number=info_request.number)
                verify_form.add_error("code", BAD_CODE)
    return render(request, "inforequests/track.html", {"form": form, "verify_form": verify_form})


def _request_or_404(number):
    if "\x00" in number:  # PostgreSQL refuses NUL in a query: a 404 like any unknown number
        raise Http404
    return get_object_or_404(InfoRequest, number=number)


@require_http_methods(["GET", "POST"])
def detail(request, number):
    info_request = _request_or_404(number)
    if not _granted(request, info_request):
        messages.info(request, "请先验证手机号码后查看办理进度。")
        return redirect("inforequests:track")
    correction_form = None
    if request.method == "POST":
        correction_form = ReceiveCorrectionForm(request.POST)
        if correction_form.is_valid():
            try:
                text = workflow.run_form(info_request, None, "receive_correction", correction_form.cleaned_data)
            except ActionError as error:
                correction_form.add_error(None, str(error))
            else:
                messages.success(request, text)
                return redirect("inforequests:detail", number=info_request.number)
    return render(request, "inforequests/detail.html", {
        "info_request": info_request,
        "masked_name": mask_name(info_request.requester_name),
        "masked_phone": mask_phone(info_request.phone),
        "steps": [(step.at, ACTION_LABELS.get(step.action, step.action)) for step in info_request.transitions.all()],
        "correction_form": correction_form or (ReceiveCorrectionForm(initial={"version": info_request.version})
                                               if info_request.status == RequestStatus.CORRECTING else None),
        "notices": info_request.notices.all(),
        "pause": info_request.open_pause(),
    })


def notice(request, number, notice_pk):
    info_request = _request_or_404(number)
    if not _granted(request, info_request):
        raise Http404
    notice = get_object_or_404(info_request.notices, pk=notice_pk)
    return render_notice(request, notice, info_request)
