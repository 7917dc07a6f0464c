"""One-time codes: hashed, 5-minute expiry, single use, 5 wrong guesses, send rate limits."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from citizens import otp
from citizens.models import OneTimeCode

pytestmark = pytest.mark.django_db
PHONE = "13812341234"


def last_code(outbox):
    return re.search(r"验证码为 (\d{6})", outbox[-1].text).group(1)


def age_codes(**delta):
    """Move every stored code into the past, as if that much time had gone by."""
    for row in OneTimeCode.objects.all():
        OneTimeCode.objects.filter(pk=row.pk).update(
            created=row.created - timedelta(**delta), expires_at=row.expires_at - timedelta(**delta)
        )


def test_code_is_sent_by_sms_and_stored_only_as_a_hash(sms_outbox):
    otp.send_code(PHONE, "register")
    assert len(sms_outbox) == 1 and sms_outbox[0].phone == PHONE
    code = last_code(sms_outbox)
    assert "注册" in sms_outbox[0].text and "5 分钟" in sms_outbox[0].text
    row = OneTimeCode.objects.get()
    assert code not in row.code_hash and len(row.code_hash) == 64


def test_right_code_works_once(sms_outbox):
    otp.send_code(PHONE, "login")
    code = last_code(sms_outbox)
    assert otp.verify_code(PHONE, "login", code)
    assert not otp.verify_code(PHONE, "login", code)


def test_code_is_bound_to_phone_and_purpose(sms_outbox):
    otp.send_code(PHONE, "login")
    code = last_code(sms_outbox)
    assert not otp.verify_code("13912341234", "login", code)
    assert not otp.verify_code(PHONE, "register", code)
    assert otp.verify_code(PHONE, "login", code)


def test_code_expires_after_five_minutes(sms_outbox):
    otp.send_code(PHONE, "login")
    code = last_code(sms_outbox)
    age_codes(minutes=5, seconds=1)
    assert not otp.verify_code(PHONE, "login", code)


def test_code_still_valid_just_before_expiry(sms_outbox):
    otp.send_code(PHONE, "login")
    code = last_code(sms_outbox)
    age_codes(minutes=4, seconds=50)
    assert otp.verify_code(PHONE, "login", code)


def test_five_wrong_guesses_kill_the_code(sms_outbox):
    otp.send_code(PHONE, "case_lookup")
    code = last_code(sms_outbox)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(otp.MAX_FAILED_ATTEMPTS):
        assert not otp.verify_code(PHONE, "case_lookup", wrong)
    assert not otp.verify_code(PHONE, "case_lookup", code)
    assert OneTimeCode.objects.get().failed_attempts == 5


def test_malformed_input_counts_as_a_wrong_guess(sms_outbox):
    otp.send_code(PHONE, "login")
    assert not otp.verify_code(PHONE, "login", "abc")
    assert OneTimeCode.objects.get().failed_attempts == 1


def test_second_code_within_60_seconds_is_refused(sms_outbox):
    otp.send_code(PHONE, "login")
    with pytest.raises(otp.OtpError, match="60 秒"):
        otp.send_code(PHONE, "login")
    assert len(sms_outbox) == 1
    otp.send_code(PHONE, "register")  # another purpose has its own limit
    assert len(sms_outbox) == 2


def test_new_code_replaces_the_old_one(sms_outbox):
    otp.send_code(PHONE, "login")
    old = last_code(sms_outbox)
    age_codes(seconds=61)
    otp.send_code(PHONE, "login")
    new = last_code(sms_outbox)
    if old != new:
        assert not otp.verify_code(PHONE, "login", old)
    assert otp.verify_code(PHONE, "login", new)


def test_at_most_five_codes_an_hour(sms_outbox):
    for _ in range(otp.HOURLY_LIMIT):
        otp.send_code(PHONE, "login")
        age_codes(seconds=61)
    with pytest.raises(otp.OtpError, match="1 小时内"):
        otp.send_code(PHONE, "login")
    assert len(sms_outbox) == 5
    age_codes(hours=1)
    otp.send_code(PHONE, "login")
    assert len(sms_outbox) == 6


def test_no_code_no_success():
    assert not otp.verify_code(PHONE, "login", "123456")
    assert OneTimeCode.objects.filter(expires_at__gt=timezone.now()).count() == 0
