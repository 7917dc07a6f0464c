"""Settings shared by every environment.

Service addresses and secrets come only from the environment (DATABASE_URL, REDIS_URL,
ELASTICSEARCH_URL, SECRET_KEY, ALLOWED_HOSTS); `production` refuses to start without them.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


INSTALLED_APPS = [
    "portal",
    "guides",
    "search",
    "workdays",
    "citizens",
    "online_apply",
    "ratings",
    "letters",
    "casework",
    "halls",
    "privacy",
    "audit",
    "throttling",
    "second_factor",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_tasks_rq",
    "django_rq",
    "reservations",
    "queueing",
    "disclosure",
    "sitehealth",
    "inforequests",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "bulletins",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First, so every log line of the request (and the response header) carries one id.
    "portal.request_log.RequestIdMiddleware",
    # Then an oversized request is refused before anything reads its body.
    "throttling.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' public pages from the shared cache, before sessions touch the database.
    "portal.pagecache.PageCacheMiddleware",
    # Database unreachable → 503 with a Chinese page and Retry-After (portal/outage.py).
    "portal.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff pass a TOTP second factor before any admin page (second_factor/, docs/domain.md 安全与个人信息保护).
    "second_factor.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "audit.records.AuditRequestMiddleware",  # so audit entries know where a change came from
    "privacy.middleware.NoStorePersonalDataMiddleware",
    # Lock-out after repeated failed logins (等保: 5 failures → 10 minutes); must be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite file in the project by default; PostgreSQL in production and on CI.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite: every transaction takes the write lock when it begins (BEGIN IMMEDIATE) and waits
    # up to 20 s for it, so simultaneous writes queue instead of failing "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    # With Redis down the site keeps serving: a cache error reads as a miss (pages are rendered
    # from the database) and is logged, instead of failing every request (docs/deployment.md).
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (docs/domain.md, 生产部署: 后台任务): the database queue by default, so the
# embedded set-up needs no other server (`manage.py db_worker`); RQ on Redis when REDIS_URL is set
# (`manage.py rqworker --job-class django_tasks_rq.Job default`).
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "citizens.backends.PhoneCodeBackend",  # citizens: phone + one-time SMS code
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# 等保 level 3: lock out after 5 failures for 10 minutes; idle sessions end after 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1 / 6  # hours
# Lock an account *from one address*: by name alone anyone could lock out window staff whose
# user names are predictable; by address alone five typos would shut out a whole hall sharing
# one NAT address. Same client address as the rate limits (TRUST_X_REAL_IP).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "throttling.counters.client_ip"
AXES_LOCKOUT_CALLABLE = "citizens.views.lockout_response"  # Chinese lock-out page
# Axes copies each failed login's form into its table; a citizen's form holds the phone (and the
# SMS code), which must not sit there in plain text (docs/domain.md 个人信息的存储与显示).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "phone", "code", "id_number"]
STAFF_SECOND_FACTOR_REQUIRED = True
OTP_TOTP_ISSUER = "县政务服务网"
# Set TRUST_X_REAL_IP=1 only behind a reverse proxy that always overwrites X-Real-IP; the
# lookup rate limits key on the client address.
TRUST_X_REAL_IP = os.environ.get("TRUST_X_REAL_IP", "") == "1"
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "zh-hans"
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
# Staff and editors see the admin only in Chinese (docs/domain.md 适老化与无障碍): LANGUAGES stops
# LocaleMiddleware picking English from a browser's Accept-Language (the login page), and with one
# permitted admin language the account settings offer no language choice.
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
# Chinese for the few admin strings Wagtail's own catalogue leaves in English (locale/).
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_USER_LOGIN_FORM = "portal.admin_login.ChineseLoginForm"
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]  # one zone: no list of English city names to choose from
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False  # an English banner linking to English release notes
# The admin loads nothing from outside: no Gravatar avatars (initials are shown instead) and no
# check of releases.wagtail.org for a newer version.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATIC_URL = "/static/"

# Public media (editor images and documents) lives under var/media; applicants' uploads go to
# PRIVATE_MEDIA_ROOT, which is never served by URL, only through permission-checked views.
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "/media/"
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads bigger than this are streamed to a temporary file instead of held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

WAGTAIL_SITE_NAME = "县政务服务网"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "jpg", "png"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# Wagtail's own search (admin, choosers, API ?search=, Page.objects.search) runs on the
# database with the project's Chinese analysis (search/backends/wagtail_db.py); the public
# search page uses search/'s embedded index, or Elasticsearch when ELASTICSEARCH_URL is set.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.wagtail_db"}}
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "portal")
if ELASTICSEARCH_URL:
    # Wagtail's own search on the cluster too, with the same analysis (search/backends/wagtail_es.py).
    WAGTAILSEARCH_BACKENDS = {"default": {
        "BACKEND": "search.backends.wagtail_es",
        "URLS": [ELASTICSEARCH_URL],
        "INDEX_PREFIX": f"{ELASTICSEARCH_INDEX_PREFIX}-wagtail-",
        "TIMEOUT": 5,
        "OPTIONS": {"max_retries": 0},
    }}

WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "noreply@zwfw.example.gov.cn"

# LOG_FORMAT=json (production's default) writes one JSON object per line to stdout, each with the
# request id (portal/request_log.py); plain text otherwise.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "portal.request_log.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": os.environ.get("LOG_FORMAT", "text"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The page imported catalogue items go under; the site shell provides it (guides must not
# import portal).
GUIDES_CATALOG_PAGE = "portal.site_structure.catalog_page"
# Personal data at rest (privacy/, docs/domain.md 安全与个人信息保护): Fernet keys, newest first;
# the newest encrypts, all decrypt. The look-up key keys the HMAC used to find a phone or ID
# number. Production refuses to start without them; dev and test set fixed keys.
PERSONAL_DATA_KEYS = env_list("PERSONAL_DATA_KEYS")
PERSONAL_DATA_LOOKUP_KEY = os.environ.get("PERSONAL_DATA_LOOKUP_KEY", "")
# 审计日志 retention in days; purge_audit_log never goes below 184 (docs/domain.md 安全与个人信息保护: ≥ 6 months).
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "184"))
# SMS bombing (citizens/otp.py): codes one client address may request per hour, and the whole
# site's hourly budget of codes; reaching the budget pauses sending and alerts supervisors.
SMS_CODES_PER_IP_PER_HOUR = int(os.environ.get("SMS_CODES_PER_IP_PER_HOUR", "10"))
SMS_HOURLY_BUDGET = int(os.environ.get("SMS_HOURLY_BUDGET", "300"))
# HTTP SMS gateway (citizens.sms.HttpGatewayBackend), all from the environment.
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_USER = os.environ.get("SMS_GATEWAY_USER", "")
SMS_GATEWAY_PASSWORD = os.environ.get("SMS_GATEWAY_PASSWORD", "")
SMS_GATEWAY_SIGN = os.environ.get("SMS_GATEWAY_SIGN", "政务服务")
SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "5"))
SMS_GATEWAY_RETRIES = int(os.environ.get("SMS_GATEWAY_RETRIES", "2"))
SMS_GATEWAY_ALLOW_HTTP = os.environ.get("SMS_GATEWAY_ALLOW_HTTP", "") == "1"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"  # Chinese 403 in the site layout
# Per-request cap (throttling.middleware), above the 100 MB per-case upload limit.
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(110 * 1024 * 1024)))
# Content Security Policy (django-csp): no inline script, style or event handler on public
# pages; scripts and styles come from our own static files. The Wagtail admin (behind login and
# second factor) uses inline scripts of its own and is left to Wagtail. Uploaded files get a
# stricter sandbox policy of their own (online_apply/file_views.py).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Drafts untouched this many days are deleted with their files (purge_abandoned_drafts).
DRAFT_RETENTION_DAYS = int(os.environ.get("DRAFT_RETENTION_DAYS", "90"))
# Full-page cache for anonymous visitors (portal/pagecache.py). Entries live in the shared cache
# (Redis in production) and are invalidated by publishing and by saving the models below.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "1") == "1"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_BROWSER_SECONDS = int(os.environ.get("PAGE_CACHE_BROWSER_SECONDS", "60"))
# How long a process trusts the tag versions it read (portal/pagecache.py, _TagMemo): a cache
# hit then needs one Redis round trip, not two; other processes see a publish ≤ this late.
PAGE_CACHE_TAG_MEMO_SECONDS = float(os.environ.get("PAGE_CACHE_TAG_MEMO_SECONDS", "1"))
PAGE_CACHE_VIEWS = {"guides:material_checklist": ("pages",)}
PAGE_CACHE_DATA_MODELS = [
    "guides.Department",
    "guides.Theme",
    "portal.SiteIdentity",
    "wagtailcore.Site",
    "halls.Hall",
    "halls.Window",
    "reservations.BookingGroup",  # whether a guide page offers 预约办理
]
