"""免登录查询: receipt number + phone → one-time SMS code → status and timeline (masked).

The answer never depends on whether the receipt number exists: unknown numbers, a phone that
does not match and a real case all get the same message, so the form cannot be used to probe
for cases. Requests are rate-limited per client address and per receipt number.
"""

import time

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casework.models import Case, CaseStatus
from citizens.masking import mask_id_number, mask_name, mask_phone
from citizens.otp import OtpError, send_code, verify_code
from online_apply.forms import LookupCodeForm, LookupForm

from .common import bound, client_ip, over_limit, working_days_left

SESSION_PENDING = "online_apply_lookup_pending"
SESSION_GRANTED = "online_apply_lookup_granted"
GRANT_SECONDS = 15 * 60
PENDING_SECONDS = 10 * 60
REQUESTS_PER_HOUR_PER_IP = 20
REQUESTS_PER_HOUR_PER_RECEIPT = 5
VERIFY_PER_HOUR_PER_IP = 30
SENT_MESSAGE = "如收件编号与手机号码匹配，验证码已发送到该手机，5 分钟内有效。"
THROTTLED_MESSAGE = "查询过于频繁，请 1 小时后再试。"
BAD_CODE_MESSAGE = "验证码不正确或已失效，请核对收件编号、手机号码和验证码后重试。"


def _find_case(receipt_number, phone):
    return (
        Case.objects.exclude(status=CaseStatus.DRAFT)
        .filter(receipt_number=receipt_number, applicant_phone=phone)
        .select_related("item", "department")
        .first()
    )


@require_http_methods(["GET", "POST"])
def lookup(request):
    initial = {"receipt_number": request.GET.get("receipt", "")[:32]}
    form = LookupForm(*bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        receipt, phone = form.cleaned_data["receipt_number"], form.cleaned_data["phone"]
        if over_limit(f"lookup-ip:{client_ip(request)}", REQUESTS_PER_HOUR_PER_IP, 3600) or over_limit(
            f"lookup-receipt:{receipt}", REQUESTS_PER_HOUR_PER_RECEIPT, 3600
        ):
            form.add_error(None, THROTTLED_MESSAGE)
            return render(request, "online_apply/lookup.html", {"form": form}, status=429)
        if _find_case(receipt, phone) is not None:
            try:
                send_code(phone, "case_lookup")
            except OtpError:
                # Same answer as for an unknown number: the OTP limits must not reveal the case exists.
                pass
        request.session[SESSION_PENDING] = {"receipt": receipt, "phone": phone, "at": time.time()}
        messages.info(request, SENT_MESSAGE)
        return redirect("online_apply:lookup_verify")
    return render(request, "online_apply/lookup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def lookup_verify(request):
    pending = request.session.get(SESSION_PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        messages.info(request, "请先填写收件编号和手机号码获取验证码。")
        return redirect("online_apply:lookup")
    form = LookupCodeForm(*bound(request))
    if request.method == "POST" and form.is_valid():
        if over_limit(f"lookup-verify:{client_ip(request)}", VERIFY_PER_HOUR_PER_IP, 3600):
            form.add_error(None, THROTTLED_MESSAGE)
            return render(request, "online_apply/lookup_verify.html", _verify_context(form, pending), status=429)
        case = _find_case(pending["receipt"], pending["phone"])
        if case is not None and verify_code(pending["phone"], "case_lookup", form.cleaned_data["code"]):
            request.session.pop(SESSION_PENDING, None)
            request.session[SESSION_GRANTED] = {"case": case.pk, "until": time.time() + GRANT_SECONDS}
            return redirect("online_apply:lookup_result")
        form.add_error("code", BAD_CODE_MESSAGE)
    return render(request, "online_apply/lookup_verify.html", _verify_context(form, pending), status=400 if form.errors else 200)


def _verify_context(form, pending):
    return {"form": form, "receipt": pending["receipt"], "masked_phone": mask_phone(pending["phone"])}


@require_http_methods(["GET"])
def lookup_result(request):
    granted = request.session.get(SESSION_GRANTED)
    if not granted or time.time() > granted["until"]:
        request.session.pop(SESSION_GRANTED, None)
        messages.info(request, "查询已过期，请重新获取验证码。")
        return redirect("online_apply:lookup")
    case = Case.objects.select_related("item", "department").get(pk=granted["case"])
    context = {
        "case": case,
        "masked": {
            "name": mask_name(case.applicant_name),
            "phone": mask_phone(case.applicant_phone),
            "id_number": mask_id_number(case.applicant_id_number),
            "organisation": case.organisation_name,
        },
        # Staff names are not shown to anonymous visitors: only the step, time and status.
        "transitions": case.transitions.all(),
        "days_left": working_days_left(case) if case.is_open else None,
    }
    return render(request, "online_apply/lookup_result.html", context)
