"""Input validators for citizen data."""

import re
from datetime import date

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from privacy.normalize import normalize_number

# [0-9], not \d: \d also matches "١" and other Unicode digits (see privacy/normalize.py).
PHONE_RE = re.compile(r"1[3-9][0-9]{9}")
ID_NUMBER_RE = re.compile(r"[0-9]{17}[0-9X]")
# GB 11643-1999: weights 2^(17-i) mod 11 for the first 17 digits; check code by sum mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CODES = "10X98765432"


def normalize_id_number(value):
    """NFKC, no spaces or dashes, upper-case X (privacy.normalize)."""
    return normalize_number(value)


def normalize_phone(value):
    """NFKC, no spaces or dashes: "１３８-1234 1234" → "13812341234"."""
    return normalize_number(value)


def id_check_code(first17):
    """The GB 11643-1999 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CODES[total % 11]


def validate_id_number(value):
    """居民身份证号码: 18 characters, a real birth date, and a correct GB 11643-1999 check code."""
    value = normalize_id_number(value)
    if not ID_NUMBER_RE.fullmatch(value):
        raise ValidationError("身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X。", code="id_format")
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError("身份证号码中的出生日期无效，请核对。", code="id_birth") from None
    if born > date.today() or born.year < 1900:
        raise ValidationError("身份证号码中的出生日期无效，请核对。", code="id_birth")
    if id_check_code(value[:17]) != value[17]:
        raise ValidationError("身份证号码校验位不正确，请核对后重新输入。", code="id_check")


def validate_phone(value):
    """Mainland mobile number (11 digits starting 13–19)."""
    if not PHONE_RE.fullmatch(normalize_phone(value)):
        raise ValidationError("请输入 11 位中国大陆手机号码。", code="phone_format")


def validate_new_password(password, user):
    """AUTH_PASSWORD_VALIDATORS, with every message in Chinese.

    Django 5.2 changed the too-short msgid to %d, and its zh_Hans catalogue still has the old
    one, so that message would otherwise reach applicants in English.
    """
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError([_chinese(e) for e in error.error_list]) from None


def _chinese(error):
    if error.code == "password_too_short":
        return ValidationError(
            f"密码太短，至少需要 {error.params['min_length']} 个字符。", code=error.code, params=error.params,
        )
    return error
