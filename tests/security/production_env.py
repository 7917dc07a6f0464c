"""A complete production environment for tests that start `portal.settings.production` in a
subprocess (check --deploy, start-up refusals, two worker processes)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("SECURITY_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


def production_env(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="k" * 20 + "-production-test-key-0123456789-abcdefghij",
        ALLOWED_HOSTS="zwfw.example.gov.cn",
        DATABASE_URL=f"sqlite:///{ROOT / 'var' / 'production-test.sqlite3'}",
        REDIS_URL=REDIS_URL,
        SMS_GATEWAY_URL="https://sms.example.gov.cn/send",
        SMS_GATEWAY_USER="portal",
        SMS_GATEWAY_PASSWORD="gateway-password",
        PERSONAL_DATA_KEYS="aCiw9DYUJcsMuB-pMfdoXb27Ws6d2lHWIqWHXNTUGz0=",
        PERSONAL_DATA_LOOKUP_KEY="production-test-lookup-key-0123456789",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_python(code, **overrides):
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=production_env(**overrides),
        capture_output=True, text=True, timeout=120,
    )


def manage(*args, **overrides):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=production_env(**overrides),
        capture_output=True, text=True, timeout=180,
    )
