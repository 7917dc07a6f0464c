"""绑定动态口令 (set-up, with a QR code for an authenticator app) and 输入动态口令 (verify)."""

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import actions
from audit.records import record
from portal.redirects import safe_next_path
from privacy.normalize import normalize_number

from . import policy

ADMIN_HOME = "/admin/"


class TokenForm(forms.Form):
    token = forms.CharField(
        label="动态口令（6 位数字）", max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={"required": "请输入动态口令。"},
    )

    def clean_token(self):
        token = normalize_number(self.cleaned_data["token"])
        if not (len(token) == 6 and token.isascii() and token.isdigit()):
            raise forms.ValidationError("动态口令为 6 位数字。")
        return token


def _next(request):
    return safe_next_path(request, request.POST.get("next") or request.GET.get("next"), ADMIN_HOME)


def _check(request, device, form):
    """True when the token is right; a wrong one is audited (TOTP devices also slow down
    repeated failures on their own)."""
    if not form.is_valid():
        return False
    if not device.verify_is_allowed()[0]:
        form.add_error("token", "动态口令错误次数较多，请稍等片刻再输入。")
        return False
    if device.verify_token(form.cleaned_data["token"]):
        return True
    record(actions.SECOND_FACTOR_FAILED, request=request, target=request.user.get_username())
    form.add_error("token", "动态口令错误或已过期，请等待手机上的口令刷新后重新输入。多次错误后需等待更久才能再试。")
    return False


@login_required(login_url="/admin/login/")
@require_http_methods(["GET", "POST"])
def setup(request):
    if not policy.required(request.user):
        return redirect(ADMIN_HOME)
    if policy.confirmed_device(request.user):
        return redirect(f"/admin/second-factor/verify/?next={_next(request)}")
    device, _ = TOTPDevice.objects.get_or_create(user=request.user, confirmed=False, defaults={"name": "动态口令"})
    form = TokenForm(request.POST or None)
    if request.method == "POST" and _check(request, device, form):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        record(actions.SECOND_FACTOR_SET_UP, request=request, target=request.user.get_username())
        messages.success(request, "动态口令已绑定。以后每次登录后台都需要输入手机上显示的动态口令。")
        return redirect(_next(request))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, title="动态口令二维码", svgclass="second-factor-qr")
    context = {"form": form, "qr": qr, "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
               "next": _next(request)}
    return render(request, "second_factor/setup.html", context)


@login_required(login_url="/admin/login/")
@require_http_methods(["GET", "POST"])
def verify(request):
    if not policy.required(request.user):
        return redirect(ADMIN_HOME)
    device = policy.confirmed_device(request.user)
    if device is None:
        return redirect(f"/admin/second-factor/setup/?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and _check(request, device, form):
        otp_login(request, device)
        return redirect(_next(request))
    return render(request, "second_factor/verify.html", {"form": form, "next": _next(request)})
