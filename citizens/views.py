"""Citizen account pages: register, log in (password or SMS code), forgotten password, log out, profile."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.views import LogoutView
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from portal.redirects import safe_next_path

from . import otp
from .accounts import citizen_account, create_citizen, login_name, phone_has_account, probe_for
from .decorators import citizen_required, is_citizen
from .forms import CodeLoginForm, PasswordLoginForm, PasswordResetForm, RegisterForm, SendCodeForm
from .models import CitizenProfile
from .sms import backend_is_file
from .validators import validate_new_password

PROFILE_URL = "/account/"
LOGIN_URL = "/account/login/"
BAD_CODE = "验证码错误或已失效，请重新获取。"
PHONE_TAKEN_MESSAGE = "该手机号已注册，请直接登录；如忘记密码，请使用“找回密码”。"
# Real-name accounts: one per person (the ID number), told only after the phone is proven.
DUPLICATE_ID_MESSAGE = "该身份证号码已有申请人账户，请使用原手机号登录；如原手机号已停用，请携带身份证到政务服务中心窗口办理。"


def _lockout_minutes():
    return round(float(settings.AXES_COOLOFF_TIME) * 60)


def lockout_message():
    return f"登录失败次数过多，账户已被锁定 {_lockout_minutes()} 分钟，请稍后再试。如忘记密码，可使用短信验证码登录（锁定期满后）。"


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a Chinese page instead of axes' English 403.

    The citizen login view already re-rendered its form with the message, so keep that page.
    """
    if original_response is not None and getattr(request, "citizen_lockout_rendered", False):
        return original_response
    return render(request, "citizens/locked_out.html", {"message": lockout_message()}, status=403)


def _next_url(request):
    return safe_next_path(request, request.POST.get("next") or request.GET.get("next"), PROFILE_URL)


def _send_register_code(request):
    """Handle 获取验证码 on the registration page; returns a Chinese error or "".

    Whether the phone already has an account is not told here (that would let anyone test
    numbers): an existing account simply gets no registration code, and the message says so
    for every number alike. The owner of the phone learns it by the missing SMS.
    """
    phone_form = SendCodeForm({"phone": request.POST.get("phone", "")})
    if not phone_form.is_valid():
        return " ".join(phone_form.errors["phone"])
    phone = phone_form.cleaned_data["phone"]
    try:
        otp.check_request_allowed(request)  # per address and site budget: the same for every phone
    except otp.OtpError as error:
        return str(error)
    if not phone_has_account(phone):
        try:
            otp.send_code(phone, "register")
        except otp.OtpError:
            pass  # Told in the neutral message; saying so here would show the phone is new.
    minutes = otp.CODE_TTL.seconds // 60
    messages.info(request, _neutral_code_message(
        f"如该手机号尚未注册，验证码已发送，{minutes} 分钟内有效；已注册的手机号不会收到，请直接登录或找回密码。"
    ))
    return ""


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated and is_citizen(request.user):
        return redirect(PROFILE_URL)
    send_error = ""
    if request.method == "POST":
        form = RegisterForm(request.POST)
        if request.POST.get("action") == "send_code":
            # Unbound, so the rest of the half-filled form shows no "required" errors yet.
            form = RegisterForm(initial=_without_secrets(request.POST))
            send_error = _send_register_code(request)
        elif form.is_valid():
            user = _create_citizen(form)
            if user is not None:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, "注册成功，欢迎使用网上办事。")
                return redirect(_next_url(request))
    else:
        form = RegisterForm()
    context = {"form": form, "send_error": send_error, "next": _next_url(request)}
    return render(request, "citizens/register.html", context)


def _without_secrets(data):
    return {k: v for k, v in data.items() if k not in ("password1", "password2", "password", "code", "csrfmiddlewaretoken")}


def _create_citizen(form):
    """Check the code last, so a typo elsewhere does not burn it; create both rows or neither.

    Only a proven owner of the phone (right code) learns that the phone or the ID number
    already has an account; before that every registration gets the same answers.
    Returns the new user, or None with the error added to the form."""
    data = form.cleaned_data
    try:
        with transaction.atomic():
            if not otp.verify_code(data["phone"], "register", data["code"]):
                form.add_error("code", BAD_CODE)
                return None
            if phone_has_account(data["phone"]):
                form.add_error("phone", PHONE_TAKEN_MESSAGE)
                return None
            if CitizenProfile.with_id_number(data["id_number"]).exists():
                form.add_error("id_number", DUPLICATE_ID_MESSAGE)
                return None
            user = create_citizen(
                phone=data["phone"], real_name=data["real_name"], id_number=data["id_number"],
                email=data["email"], password=data["password1"],
            )
    except IntegrityError:  # the same phone (its unique hash) registered by a simultaneous request
        form.add_error("phone", PHONE_TAKEN_MESSAGE)
        return None
    return user


@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated and is_citizen(request.user):
        return redirect(_next_url(request))
    password_form, code_form = PasswordLoginForm(), CodeLoginForm()
    method = request.POST.get("method", "password")
    status, send_error = 200, ""
    if request.method == "POST":
        if method == "code":
            code_form = CodeLoginForm(request.POST)
            if request.POST.get("action") == "send_code":
                code_form = CodeLoginForm(initial={"phone": request.POST.get("phone", "")})
                send_error = _send_code_to_citizen(request, "login")
            elif code_form.is_valid():
                status = _try_login(request, code_form, otp_code=code_form.cleaned_data["code"])
        else:
            password_form = PasswordLoginForm(request.POST)
            if password_form.is_valid():
                status = _try_login(request, password_form, password=password_form.cleaned_data["password"])
        if status == 302:
            return redirect(_next_url(request))
    context = {
        "password_form": password_form, "code_form": code_form, "method": method,
        "send_error": send_error, "next": _next_url(request),
    }
    return render(request, "citizens/login.html", context, status=status)


def _try_login(request, form, **credentials):
    """authenticate() through axes; returns 302 on success, else the status to render with.

    The user name is the account's opaque one (or a stand-in for an unknown phone), found by
    the phone's keyed hash: auth_user and axes never see the phone (citizens.accounts)."""
    phone = form.cleaned_data["phone"]
    user = authenticate(request, username=login_name(phone), phone=phone, **credentials)
    if getattr(request, "axes_locked_out", False):
        request.citizen_lockout_rendered = True
        form.add_error(None, lockout_message())
        return 403
    if user is None:
        form.add_error(None, "手机号或密码错误。" if "password" in credentials else "验证码错误或已失效，请重新获取。")
        return 200
    if not is_citizen(user):
        # Staff accounts have two-factor admin login; they may not bypass it here.
        form.add_error(None, "工作人员账户不能在此登录，请从管理后台登录。")
        return 200
    login(request, user)
    return 302


def _neutral_code_message(first_sentence=""):
    """The one answer to 获取验证码 on the register, login-by-code and reset pages, whatever
    happened. Unknown phone, staff phone, rate limit or sent: the page must not tell which, or
    it becomes a way to test whether a number has an account. So the limits are stated up front.
    """
    minutes = otp.CODE_TTL.seconds // 60
    text = (first_sentence or f"如该手机号已注册申请人账户，验证码已发送，{minutes} 分钟内有效。") + (
        "未收到可在 60 秒后重新获取，每小时最多 5 次。"
    )
    if backend_is_file():
        text += "（开发环境请查看 var/sms.log）"
    return text


def _send_code_to_citizen(request, purpose):
    """Send a login or reset code to an existing citizen account, answering every phone alike.

    Returns a Chinese error about the phone's format, or "" (neutral message queued). No SMS is
    spent on a number without a citizen account."""
    phone_form = SendCodeForm({"phone": request.POST.get("phone", "")})
    if not phone_form.is_valid():
        return " ".join(phone_form.errors["phone"])
    phone = phone_form.cleaned_data["phone"]
    try:
        otp.check_request_allowed(request)  # per address and site budget: the same for every phone
    except otp.OtpError as error:
        return str(error)
    if citizen_account(phone) is not None:
        try:
            otp.send_code(phone, purpose)
        except otp.OtpError:
            pass  # Told in the neutral message; saying so here would confirm the account.
    messages.info(request, _neutral_code_message())
    return ""


def _reset_password(form):
    """Check the code, then the password against the account; set it. True on success.

    The code is checked last among the form's inputs so a typo elsewhere does not burn it; a
    password refused only now (too like the account's name) rolls the code's use back too.
    """
    data = form.cleaned_data
    user = citizen_account(data["phone"])
    if user is None:
        form.add_error("code", BAD_CODE)  # the same answer as a wrong code: no account leak
        return False
    try:
        with transaction.atomic():
            if not otp.verify_code(data["phone"], "reset_password", data["code"]):
                form.add_error("code", BAD_CODE)
                return False
            validate_new_password(data["password1"], probe_for(user))
            # A new password hash changes the session auth hash, so every existing session of
            # this account (e.g. on a lost phone) is logged out on its next request.
            user.set_password(data["password1"])
            user.save(update_fields=["password"])
    except ValidationError as error:
        form.add_error("password1", error)
        return False
    # Proven owner of the phone: lift a password lock-out so the new password works at once.
    axes_reset(username=user.get_username())
    return True


@require_http_methods(["GET", "POST"])
def password_reset(request):
    send_error = ""
    if request.method == "POST":
        form = PasswordResetForm(request.POST)
        if request.POST.get("action") == "send_code":
            form = PasswordResetForm(initial={"phone": request.POST.get("phone", "")})
            send_error = _send_code_to_citizen(request, "reset_password")
        elif form.is_valid() and _reset_password(form):
            messages.success(request, "密码已重置，请使用新密码登录。")
            return redirect(LOGIN_URL)
    else:
        form = PasswordResetForm()
    return render(request, "citizens/password_reset.html", {"form": form, "send_error": send_error})


class CitizenLogoutView(LogoutView):
    http_method_names = ["post", "options"]
    next_page = "/"


@citizen_required
def profile(request):
    return render(request, "citizens/profile.html", {"profile": request.user.citizen})
