"""Production settings: refuse to start without shared cache, keys or a real SMS gateway, and
pass `check --deploy` without a warning; rate limits hold across two processes (issue 9)."""

import subprocess
import sys
import uuid

import pytest
import redis

from .production_env import REDIS_URL, ROOT, manage, production_env, run_python

SETUP = "import django; django.setup(); "


def redis_available():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


needs_redis = pytest.mark.skipif(not redis_available(), reason=f"Redis 不可用（{REDIS_URL}），无法测试多进程共享计数")


@pytest.mark.parametrize("missing, message", [
    ("REDIS_URL", "REDIS_URL"),
    ("PERSONAL_DATA_KEYS", "PERSONAL_DATA_KEYS"),
    ("SMS_GATEWAY_URL", "SMS_GATEWAY_URL"),
])
def test_production_refuses_to_start_without(missing, message):
    result = run_python(SETUP + "print('started')", **{missing: None})
    assert result.returncode != 0 and "started" not in result.stdout
    assert message in result.stderr


def test_production_refuses_a_file_sms_backend():
    result = run_python(SETUP, SMS_BACKEND="citizens.sms.FileBackend")
    assert result.returncode != 0 and "不得使用" in result.stderr


def test_check_deploy_prints_no_warnings():
    result = manage("check", "--deploy")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr + result.stdout and "ERROR" not in result.stderr + result.stdout
    assert "no issues" in result.stdout


PROBE = SETUP + """
from throttling.counters import over_limit
import sys
key = sys.argv[1]
print(sum(not over_limit(key, 10, 60) for _ in range(23)))
"""


@needs_redis
def test_rate_limit_holds_across_two_worker_processes():
    """Two processes with production settings share one counter: 10 allowed in all, not 20."""
    key = f"two-process-test:{uuid.uuid4().hex}"
    env = production_env()
    workers = [
        subprocess.Popen([sys.executable, "-c", PROBE, key], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    allowed = [int(worker.communicate(timeout=120)[0].strip()) for worker in workers]
    assert sum(allowed) == 10


CALENDAR = SETUP + """
from django.core.cache import cache
from workdays.calendar import VERSION_KEY, clear_cache
import sys
if sys.argv[1] == "change":
    clear_cache()
print(cache.get(VERSION_KEY))
"""


@needs_redis
def test_calendar_change_signal_reaches_another_process():
    env = production_env()

    def run(mode):
        out = subprocess.run([sys.executable, "-c", CALENDAR, mode], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        return out.stdout.strip()

    before = run("read")
    changed = run("change")
    assert changed != before and run("read") == changed
