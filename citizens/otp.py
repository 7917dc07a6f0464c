"""One-time SMS codes (短信验证码) for registration, login, password reset and case look-up.

Six digits, valid 5 minutes, single use, 5 wrong guesses kill the code; at most 1 code per
60 seconds and 5 per hour per phone and purpose, 10 per hour per phone in all. Only an HMAC of
the code is stored, keyed with SECRET_KEY, because a plain hash of a 6-digit number is reversed
by trying all million; the phone is stored only as its look-up hash (privacy.fields), which is
all the per-phone limits need.

Against SMS bombing (one client sending codes to many numbers) every request for a code also
meets `check_request_allowed`: a limit per client address and the site's hourly SMS budget.
Those two do not depend on the phone, so the pages may state them plainly without telling
whether a number has an account. When the budget runs out supervisors are alerted (once an
hour) by e-mail and in the audit log. See docs/domain.md 安全与个人信息保护.
"""

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from audit import actions as audit_actions
from audit.models import AuditEvent
from audit.records import record, supervisor_emails
from privacy.fields import lookup_hash_of
from privacy.normalize import is_ascii_digits, normalize_number
from throttling.counters import client_ip, over_limit

from .messaging import send_message
from .models import OneTimeCode
from .sms import SmsSendError

logger = logging.getLogger(__name__)

CODE_TTL = timedelta(minutes=5)
RESEND_INTERVAL = timedelta(seconds=60)
HOURLY_LIMIT = 5
PHONE_HOURLY_LIMIT = 10  # all purposes together
MAX_FAILED_ATTEMPTS = 5
PURPOSES = {"register": "注册", "login": "登录", "reset_password": "重置密码", "case_lookup": "办件查询",
            "info_request": "政府信息公开申请", "info_request_lookup": "申请进度查询",
            "letter": "信件提交", "letter_lookup": "信件查询"}


class OtpError(Exception):
    """A code cannot be sent now; str(error) is a Chinese message for the applicant."""


def _digest(phone, purpose, code):
    message = f"{phone}:{purpose}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


IP_LIMIT_MESSAGE = "本机获取验证码过于频繁（每小时最多 {limit} 次），请 1 小时后再试。"
BUDGET_MESSAGE = "短信发送量已达本站每小时上限，请稍后再试，或到政务服务中心窗口办理。"


def check_request_allowed(request):
    """Raise OtpError when this client or the whole site may not have another code now.

    Called for every 获取验证码 before anything about the phone is looked up, so the answer is
    the same for every number. Counts the attempt (the per-address counter lives in the shared
    cache, see throttling.counters)."""
    limit = settings.SMS_CODES_PER_IP_PER_HOUR
    if over_limit(f"sms-code-ip:{client_ip(request)}", limit, 3600):
        logger.warning("SMS code requests over the per-address limit from %s", client_ip(request))
        raise OtpError(IP_LIMIT_MESSAGE.format(limit=limit))
    if budget_exhausted():
        raise OtpError(BUDGET_MESSAGE)


def budget_exhausted(now=None):
    """True (and supervisors alerted) when the site sent its hourly budget of codes."""
    now = now or timezone.now()
    budget = settings.SMS_HOURLY_BUDGET
    if OneTimeCode.objects.filter(created__gte=now - timedelta(hours=1)).count() < budget:
        return False
    _alert_supervisors(budget, now)
    return True


def _alert_supervisors(budget, now):
    """Once an hour: log, write the audit log, and e-mail every supervisor with an address."""
    if AuditEvent.objects.filter(action=audit_actions.SMS_BUDGET_EXHAUSTED, at__gte=now - timedelta(hours=1)).exists():
        return
    text = f"短信验证码 1 小时内发送量已达上限 {budget} 条，已暂停发送。可能有人在滥用验证码接口，请检查。"
    logger.error("SMS hourly budget of %s codes reached; sending paused", budget)
    record(audit_actions.SMS_BUDGET_EXHAUSTED, actor_name="系统", target="短信验证码", detail=text)
    emails = supervisor_emails()
    if emails:
        send_mail("【政务服务门户】短信发送量告警", text, settings.DEFAULT_FROM_EMAIL, emails, fail_silently=True)


def send_code(phone: str, purpose: str) -> None:
    """Create a new code, invalidate older ones, and send it by SMS (template otp_code)."""
    now = timezone.now()
    if budget_exhausted(now):
        raise OtpError(BUDGET_MESSAGE)
    phone_hash = lookup_hash_of(phone)
    with transaction.atomic():
        recent = OneTimeCode.objects.select_for_update().filter(
            phone_hash=phone_hash, purpose=purpose, created__gte=now - timedelta(hours=1),
        )
        sent = list(recent.values_list("created", flat=True))
        if any(created > now - RESEND_INTERVAL for created in sent):
            raise OtpError("验证码发送过于频繁，请 60 秒后再试。")
        if len(sent) >= HOURLY_LIMIT or _sent_to_phone_since(phone_hash, now - timedelta(hours=1)) >= PHONE_HOURLY_LIMIT:
            raise OtpError("该手机号 1 小时内获取验证码次数已达上限，请稍后再试。")
        # Only the newest code is valid: an older SMS arriving late must not work.
        OneTimeCode.objects.filter(phone_hash=phone_hash, purpose=purpose, used_at__isnull=True).update(expires_at=now)
        code = f"{secrets.randbelow(1_000_000):06d}"
        OneTimeCode.objects.create(
            phone_hash=phone_hash, purpose=purpose, code_hash=_digest(phone, purpose, code), expires_at=now + CODE_TTL,
        )
        context = {"code": code, "purpose": PURPOSES.get(purpose, purpose), "minutes": CODE_TTL.seconds // 60}
        try:
            send_message("otp_code", context, phone=phone, now=True)
        except SmsSendError:
            # Raised inside the transaction: the unsent code's row is rolled back too.
            raise OtpError("短信发送失败，请稍后重试。") from None


def _sent_to_phone_since(phone_hash, since):
    return OneTimeCode.objects.filter(phone_hash=phone_hash, created__gte=since).count()


def verify_code(phone: str, purpose: str, code: str) -> bool:
    """True once for the right, unexpired code; every wrong guess counts against the code."""
    code = normalize_number(code)
    now = timezone.now()
    with transaction.atomic():
        current = (
            OneTimeCode.objects.select_for_update()
            .filter(phone_hash=lookup_hash_of(phone), purpose=purpose, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created").first()
        )
        if current is None or current.failed_attempts >= MAX_FAILED_ATTEMPTS:
            return False
        if not (len(code) == 6 and is_ascii_digits(code)) or not hmac.compare_digest(
            current.code_hash, _digest(phone, purpose, code)
        ):
            current.failed_attempts += 1
            current.save(update_fields=["failed_attempts"])
            return False
        current.used_at = now
        current.save(update_fields=["used_at"])
        return True
