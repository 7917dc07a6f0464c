"""Production settings refuse to start on insecure or missing configuration."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 60
# Everything production needs besides the four variables the cases below vary.
REQUIRED_ELSEWHERE = {
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SMS_GATEWAY_URL": "https://sms.example.gov.cn/send", "SMS_GATEWAY_USER": "portal", "SMS_GATEWAY_PASSWORD": "pw",
    "PERSONAL_DATA_KEYS": "aCiw9DYUJcsMuB-pMfdoXb27Ws6d2lHWIqWHXNTUGz0=",
    "PERSONAL_DATA_LOOKUP_KEY": "l" * 40,
}
VARIED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SMS_BACKEND")


def load_production(**env):
    clean = {k: v for k, v in os.environ.items() if k not in VARIED and k not in REQUIRED_ELSEWHERE}
    clean.update(REQUIRED_ELSEWHERE)
    clean.update(env, DJANGO_SETTINGS_MODULE="portal.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(settings.DEBUG, settings.WAGTAILADMIN_BASE_URL, settings.SECURE_SSL_REDIRECT)"],
        cwd=PROJECT, env=clean, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "zwfw.example.gov.cn", "DATABASE_URL": "postgres://u@h/db"}, "SECRET_KEY"),
        ({"SECRET_KEY": "dev-insecure-key-not-for-production", "ALLOWED_HOSTS": "a.gov.cn", "DATABASE_URL": "postgres://u@h/db"}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_KEY, "DATABASE_URL": "postgres://u@h/db"}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "*", "DATABASE_URL": "postgres://u@h/db"}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "zwfw.example.gov.cn"}, "DATABASE_URL"),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "a.gov.cn", "DATABASE_URL": "postgres://u@h/db",
             "SMS_BACKEND": "gateway.sms.NoSuchBackend"},
            "SMS_BACKEND",
        ),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "a.gov.cn", "DATABASE_URL": "postgres://u@h/db",
             "SMS_BACKEND": "citizens.sms.FileBackend"},
            "不得使用控制台、文件或内存短信后端",
        ),
    ],
)
def test_production_refuses_insecure_configuration(env, message):
    result = load_production(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_with_real_configuration():
    result = load_production(
        SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="zwfw.example.gov.cn", DATABASE_URL="postgres://u@127.0.0.1/db",
        SMS_BACKEND="citizens.sms.HttpGatewayBackend",
    )
    assert result.returncode == 0, result.stderr
    # The last line: production's JSON log lines go to stdout before it.
    assert result.stdout.strip().splitlines()[-1] == "False https://zwfw.example.gov.cn True"
