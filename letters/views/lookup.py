"""信件查询: number + phone → one-time code → status, steps, reply and the 满意/不满意 form.

Like the case lookup, the answer never depends on whether the number exists, and requests are
rate-limited per client address and per number."""

import time

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from citizens.masking import mask_phone
from citizens.otp import OtpError, send_code, verify_code
from online_apply.views.common import bound
from privacy.fields import lookup_hash_of
from throttling.counters import client_ip, over_limit

from .. import services
from ..forms import CodeForm, FeedbackForm, LookupForm
from ..models import Letter, LetterStatus

SESSION_PENDING = "letters_lookup_pending"
SESSION_GRANTED = "letters_lookup_granted"
GRANT_SECONDS = 15 * 60
PENDING_SECONDS = 10 * 60
THROTTLED = "查询过于频繁，请 1 小时后再试。"


def _find(number, phone):
    # The phone is stored encrypted; its keyed hash is what can be matched (docs/domain.md 个人信息的存储与显示).
    return Letter.objects.filter(tracking_number=number, phone_hash=lookup_hash_of(phone), anonymous=False).first()


@require_http_methods(["GET", "POST"])
def lookup(request):
    form = LookupForm(*bound(request), initial={"tracking_number": request.GET.get("number", "")[:14]})
    if request.method == "POST" and form.is_valid():
        number, phone = form.cleaned_data["tracking_number"], form.cleaned_data["phone"]
        if over_limit(f"letters-lookup-ip:{client_ip(request)}", 20, 3600) or over_limit(f"letters-lookup:{number}", 5, 3600):
            form.add_error(None, THROTTLED)
            return render(request, "letters/lookup.html", {"form": form}, status=429)
        if _find(number, phone) is not None:
            try:
                send_code(phone, "letter_lookup")
            except OtpError:
                pass  # the same answer as an unknown number
        request.session[SESSION_PENDING] = {"number": number, "phone": phone, "at": time.time()}
        messages.info(request, "如信件编号与手机号码匹配，验证码已发送到该手机，5 分钟内有效。")
        return redirect("letters:lookup_verify")
    return render(request, "letters/lookup.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def lookup_verify(request):
    pending = request.session.get(SESSION_PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        messages.info(request, "请先填写信件编号和手机号码获取验证码。")
        return redirect("letters:lookup")
    form = CodeForm(*bound(request))
    if request.method == "POST" and form.is_valid():
        if over_limit(f"letters-verify:{client_ip(request)}", 30, 3600):
            form.add_error(None, THROTTLED)
        else:
            letter = _find(pending["number"], pending["phone"])
            if letter is not None and verify_code(pending["phone"], "letter_lookup", form.cleaned_data["code"]):
                request.session.pop(SESSION_PENDING, None)
                request.session[SESSION_GRANTED] = {"letter": letter.pk, "until": time.time() + GRANT_SECONDS}
                return redirect("letters:lookup_result")
            form.add_error("code", "验证码不正确或已失效，请核对信件编号、手机号码和验证码后重试。")
    context = {"form": form, "number": pending["number"], "masked_phone": mask_phone(pending["phone"])}
    return render(request, "letters/lookup_verify.html", context, status=400 if form.errors else 200)


def granted_letter(request):
    granted = request.session.get(SESSION_GRANTED)
    if not granted or time.time() > granted["until"]:
        request.session.pop(SESSION_GRANTED, None)
        return None
    return Letter.objects.select_related("department").filter(pk=granted["letter"]).first()


@require_http_methods(["GET", "POST"])
def lookup_result(request):
    letter = granted_letter(request)
    if letter is None:
        messages.info(request, "查询已过期，请重新获取验证码。")
        return redirect("letters:lookup")
    return letter_page(request, letter, "letters:lookup_result")


def letter_page(request, letter, here, *here_args):
    """The writer's view of one letter: status, steps, reply and the 满意/不满意 form. Reached by
    number + SMS code (lookup_result) or, for a signed-in writer, from 我的信件."""
    form = None
    if letter.status == LetterStatus.REPLIED:
        form = FeedbackForm(*bound(request))
        if request.method == "POST" and form.is_valid():
            try:
                services.give_feedback(letter, form.cleaned_data["feedback"] == "satisfied", form.cleaned_data["note"])
            except services.LetterError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "感谢您的评价。" if form.cleaned_data["feedback"] == "satisfied"
                                 else "已收到您的意见，我们将对答复进行复核，复核结果将短信通知您。")
                return redirect(here, *here_args)
    context = {
        "letter": letter, "form": form, "masked_phone": mask_phone(letter.phone),
        "steps": letter.transitions.all(), "reply_notice": letter.notices.filter(kind="letter_reply").last(),
    }
    return render(request, "letters/lookup_result.html", context, status=400 if form and form.errors else 200)
