"""purge_expired_codes: deletes codes used or expired over a day ago, keeps the rest."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from citizens.models import OneTimeCode
from privacy.fields import lookup_hash_of

pytestmark = pytest.mark.django_db


def code(phone, *, expires_ago=None, used_ago=None):
    now = timezone.now()
    expires_at = now - expires_ago if expires_ago is not None else now + timedelta(minutes=5)
    used_at = now - used_ago if used_ago is not None else None
    return OneTimeCode.objects.create(
        phone_hash=lookup_hash_of(phone), purpose="login", code_hash="x" * 64, expires_at=expires_at, used_at=used_at,
    )


def test_purge_deletes_old_rows_and_keeps_fresh_ones():
    code("13800000001", expires_ago=timedelta(days=2))                        # expired long ago
    code("13800000002", used_ago=timedelta(hours=25))                         # used over a day ago
    fresh = [
        code("13800000003"),                                                  # still valid
        code("13800000004", expires_ago=timedelta(hours=23)),                 # expired today
        code("13800000005", used_ago=timedelta(minutes=1)),                   # just used
    ]
    out = StringIO()
    call_command("purge_expired_codes", stdout=out)
    assert "已删除过期短信验证码 2 条" in out.getvalue()
    assert set(OneTimeCode.objects.values_list("pk", flat=True)) == {c.pk for c in fresh}

    out = StringIO()
    call_command("purge_expired_codes", stdout=out)
    assert "已删除过期短信验证码 0 条" in out.getvalue()
