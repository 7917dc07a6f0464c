import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_ENABLED = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "citizens.sms.LocmemBackend"
# WhiteNoise warns on every request when STATIC_ROOT does not exist; tests serve no static files.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Fixed keys for personal data in tests only; production.py requires real ones.
PERSONAL_DATA_KEYS = ["aCiw9DYUJcsMuB-pMfdoXb27Ws6d2lHWIqWHXNTUGz0="]
PERSONAL_DATA_LOOKUP_KEY = "test-only-lookup-key-not-for-production-000000"
# Most admin tests log staff in with force_login; tests/security/test_second_factor.py turns
# the second factor on and checks it.
STAFF_SECOND_FACTOR_REQUIRED = False
# Tests that render a page after changing data directly would see a stale copy; the page cache
# has its own tests (tests/portal/test_pagecache.py), which switch it on.
PAGE_CACHE_ENABLED = False
PAGE_CACHE_TAG_MEMO_SECONDS = 0  # tests/portal/test_pagecache.py turns it on where it is tested
# Tasks run inside the request in tests, so a test sees an SMS as soon as the view returns.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared-cache in-memory database: there, two connections writing at
    # once fail at once with "database table is locked" instead of waiting for the lock, so the
    # tests of simultaneous requests (a double-clicked submit, 50 bookings for 5 places) would be
    # flaky on SQLite. Durability does not matter for a throwaway test database.
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    # One file per test process, so two test runs in one checkout never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF;"  # noqa: F405
