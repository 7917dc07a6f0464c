"""Keys for personal data at rest (个人信息保护法, docs/domain.md §9 "protected in storage").

PERSONAL_DATA_KEYS: Fernet keys, newest first, comma-separated. The newest encrypts; every key
decrypts, so a key is rotated by putting a new one in front, running `rotate_personal_data`,
then dropping the old one. PERSONAL_DATA_LOOKUP_KEY keys the HMAC that lets the portal find a
record by phone or ID number without decrypting every row; it is not rotated (changing it
means recomputing every hash, which `rotate_personal_data --rehash` does).
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TOKEN_PREFIX = "gAAAAA"  # noqa: S105 (not a secret) every Fernet token starts with its version byte 0x80, base64-encoded


@lru_cache(maxsize=4)
def _fernet(keys):
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"PERSONAL_DATA_KEYS 中有无效的密钥（应为 Fernet 密钥）：{error}") from None


def fernet():
    keys = tuple(settings.PERSONAL_DATA_KEYS)
    if not keys:
        raise ImproperlyConfigured("未配置 PERSONAL_DATA_KEYS，无法加密个人信息。")
    return _fernet(keys)


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """Plain text of a token. A value that is not a token is a row written before encryption
    was switched on; it is returned as is and encrypted by the next save."""
    if not token.startswith(TOKEN_PREFIX):
        return token
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured("个人信息无法解密：PERSONAL_DATA_KEYS 中缺少加密时使用的密钥。") from None


def lookup_hash(normalized: str) -> str:
    """HMAC-SHA256 of an already normalised value; equal inputs give equal hashes."""
    key = settings.PERSONAL_DATA_LOOKUP_KEY
    if not key:
        raise ImproperlyConfigured("未配置 PERSONAL_DATA_LOOKUP_KEY，无法检索个人信息。")
    return hmac.new(key.encode(), normalized.encode(), hashlib.sha256).hexdigest()
