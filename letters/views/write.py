"""网上信箱: write a letter. The phone is proven by a one-time code (like registration); abuse
is held off by per-phone and per-address limits, duplicate detection and a quiet honeypot,
never by an image CAPTCHA (docs/domain.md "## 投诉与信件")."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casework.models import Case, CaseStatus
from citizens import otp
from citizens.decorators import is_citizen
from citizens.forms import SendCodeForm
from citizens.sms import backend_is_file
from online_apply.views.common import client_ip, over_limit

from .. import services
from ..forms import LetterForm
from ..models import LetterChannel

SESSION_WRITTEN = "letters_written"


def _own_cases(request):
    if not is_citizen(request.user):
        return []
    return list(Case.objects.filter(applicant=request.user).exclude(status=CaseStatus.DRAFT).select_related("item")[:50])


def _initial(request):
    initial = {}
    if is_citizen(request.user):
        profile = request.user.citizen
        initial.update(writer_name=profile.real_name, phone=profile.phone)
    for key in ("letter_type", "related_department", "related_item"):
        if request.GET.get(key):
            initial[key] = request.GET[key][:40]
    return initial


def _send_code(request):
    phone_form = SendCodeForm({"phone": request.POST.get("phone", "")})
    if not phone_form.is_valid():
        return " ".join(phone_form.errors["phone"])
    try:
        otp.send_code(phone_form.cleaned_data["phone"], "letter")
    except otp.OtpError as error:
        return str(error)
    text = "验证码已发送，5 分钟内有效。"
    messages.success(request, text + ("（开发环境请查看 var/sms.log）" if backend_is_file() else ""))
    return ""


def _refusal(request, data):
    """Why this submission is not registered (limits, duplicate), or ""."""
    settings_row = services.letter_settings()
    if over_limit(f"letters-ip:{client_ip(request)}", settings_row.per_ip_hourly_limit, 3600):
        return "提交过于频繁，请 1 小时后再试。如情况紧急，请拨打 12345 热线。"
    if services.phone_limit_reached(data.get("phone")):
        return f"同一手机号每天最多提交 {settings_row.per_phone_daily_limit} 封信件，请明天再试或拨打 12345 热线。"
    if services.duplicate_of(data["content"]) is not None:
        return "相同内容的信件已经提交过，无需重复提交。请凭信件编号在“信件查询”中查看办理进度。"
    return ""


@require_http_methods(["GET", "POST"])
def write(request):
    cases = _own_cases(request)
    send_error = ""
    if request.method == "POST" and request.POST.get("action") == "send_code":
        data = {k: v for k, v in request.POST.items() if k not in ("code", "csrfmiddlewaretoken")}
        form = LetterForm(initial=data, cases=cases)
        send_error = _send_code(request)
    elif request.method == "POST":
        form = LetterForm(request.POST, cases=cases)
        if form.is_valid():
            if form.cleaned_data["website"]:
                # Honeypot filled: answer like a success, keep nothing (a bot learns nothing).
                return redirect("letters:written")
            letter = _register(request, form, cases)
            if letter is not None:
                # An anonymous report has no reply channel: no number to look it up with.
                request.session[SESSION_WRITTEN] = "" if letter.anonymous else letter.tracking_number
                return redirect("letters:written")
    else:
        form = LetterForm(initial=_initial(request), cases=cases)
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "send_error": send_error, "deadlines": services.letter_settings()}
    return render(request, "letters/write.html", context, status=status)


def _register(request, form, cases):
    data = form.cleaned_data
    refusal = _refusal(request, data)
    if refusal:
        form.add_error(None, refusal)
        return None
    anonymous = data["anonymous"]
    # The code is checked last so a mistake elsewhere does not burn it.
    if not anonymous and not otp.verify_code(data["phone"], "letter", data["code"]):
        form.add_error("code", "验证码错误或已失效，请重新获取。")
        return None
    case = next((c for c in cases if c.pk == data.get("related_case")), None)
    return services.register(
        letter_type=data["letter_type"], channel=LetterChannel.ONLINE, subject=data["subject"], content=data["content"],
        writer_name=data["writer_name"], phone=data["phone"], phone_verified=not anonymous, address=data["address"],
        anonymous=anonymous, consent_to_publish=data["consent_to_publish"],
        related_department=data["related_department"] or (case.department if case else None),
        related_item=data["related_item"] or (case.item if case else None), related_case=case,
        writer=request.user if is_citizen(request.user) else None,
    )


def written(request):
    number = request.session.pop(SESSION_WRITTEN, "")
    return render(request, "letters/written.html", {"tracking_number": number})
