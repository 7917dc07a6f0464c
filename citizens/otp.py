"""One-time SMS codes (短信验证码) for registration, login, password reset and case look-up.

Six digits, valid 5 minutes, single use, 5 wrong guesses kill the code; at most 1 code per
60 seconds and 5 per hour per phone and purpose. Only an HMAC of the code is stored, keyed with
SECRET_KEY, because a plain hash of a 6-digit number is reversed by trying all million.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .messaging import send_message
from .models import OneTimeCode

CODE_TTL = timedelta(minutes=5)
RESEND_INTERVAL = timedelta(seconds=60)
HOURLY_LIMIT = 5
MAX_FAILED_ATTEMPTS = 5
PURPOSES = {"register": "注册", "login": "登录", "reset_password": "重置密码", "case_lookup": "办件查询", "letter": "信件提交", "letter_lookup": "信件查询"}


class OtpError(Exception):
    """A code cannot be sent now; str(error) is a Chinese message for the applicant."""


def _digest(phone, purpose, code):
    message = f"{phone}:{purpose}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def send_code(phone: str, purpose: str) -> None:
    """Create a new code, invalidate older ones, and send it by SMS (template otp_code)."""
    now = timezone.now()
    with transaction.atomic():
        recent = OneTimeCode.objects.select_for_update().filter(
            phone=phone, purpose=purpose, created__gte=now - timedelta(hours=1),
        )
        sent = list(recent.values_list("created", flat=True))
        if any(created > now - RESEND_INTERVAL for created in sent):
            raise OtpError("验证码发送过于频繁，请 60 秒后再试。")
        if len(sent) >= HOURLY_LIMIT:
            raise OtpError("该手机号 1 小时内获取验证码次数已达上限，请稍后再试。")
        # Only the newest code is valid: an older SMS arriving late must not work.
        OneTimeCode.objects.filter(phone=phone, purpose=purpose, used_at__isnull=True).update(expires_at=now)
        code = f"{secrets.randbelow(1_000_000):06d}"
        OneTimeCode.objects.create(
            phone=phone, purpose=purpose, code_hash=_digest(phone, purpose, code), expires_at=now + CODE_TTL,
        )
        context = {"code": code, "purpose": PURPOSES.get(purpose, purpose), "minutes": CODE_TTL.seconds // 60}
        send_message("otp_code", context, phone=phone)


def verify_code(phone: str, purpose: str, code: str) -> bool:
    """True once for the right, unexpired code; every wrong guess counts against the code."""
    code = (code or "").strip()
    now = timezone.now()
    with transaction.atomic():
        current = (
            OneTimeCode.objects.select_for_update()
            .filter(phone=phone, purpose=purpose, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created").first()
        )
        if current is None or current.failed_attempts >= MAX_FAILED_ATTEMPTS:
            return False
        if not (len(code) == 6 and code.isdigit()) or not hmac.compare_digest(
            current.code_hash, _digest(phone, purpose, code)
        ):
            current.failed_attempts += 1
            current.save(update_fields=["failed_attempts"])
            return False
        current.used_at = now
        current.save(update_fields=["used_at"])
        return True
