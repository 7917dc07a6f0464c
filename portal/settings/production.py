"""Production: every secret and address from the environment, and no insecure fallback."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or "insecure" in SECRET_KEY:
    raise ImproperlyConfigured("生产环境必须通过环境变量 SECRET_KEY 提供至少 50 个字符的随机密钥。")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("生产环境必须通过环境变量 ALLOWED_HOSTS 列出本站域名（不得为 *）。")

if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("生产环境必须通过环境变量 DATABASE_URL 指定 PostgreSQL 数据库。")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Links in notification e-mails and the API point at the public address, not the dev default.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or f"https://{ALLOWED_HOSTS[0]}"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# Government sites are served over HTTPS only; the TLS-terminating proxy sets X-Forwarded-Proto.
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
# includeSubDomains covers only hosts below the portal's own (e.g. *.zwfw.example.gov.cn), not
# its sibling sites; preload has effect only if the registrable domain is submitted.
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# One-time codes and case notices must reach applicants: name the gateway backend explicitly
# (a class with send(phone, text), see citizens/sms.py) rather than print codes to a log.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "citizens.sms.HttpGatewayBackend")
# citizens.sms.validate_backend() refuses console/file/memory backends and an unconfigured
# gateway when the apps load, so a portal that cannot text applicants never starts.
SMS_REQUIRE_GATEWAY = True

# Rate limits, sessions and the working-day calendar's change signal must be shared by every
# worker process: per-process memory would count each worker apart (docs/domain.md 安全与个人信息保护).
if not REDIS_URL:  # noqa: F405
    raise ImproperlyConfigured("生产环境必须通过环境变量 REDIS_URL 指定 Redis（多进程共享的频率限制与缓存）。")

if not PERSONAL_DATA_KEYS or len(PERSONAL_DATA_LOOKUP_KEY) < 32:  # noqa: F405
    raise ImproperlyConfigured(
        "生产环境必须通过环境变量 PERSONAL_DATA_KEYS（Fernet 密钥，逗号分隔，最新的在前）和 "
        "PERSONAL_DATA_LOOKUP_KEY（至少 32 个字符）提供个人信息加密与检索密钥。"
    )

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
EMAIL_TIMEOUT = 10

# Structured logs to stdout for the collector (portal/request_log.py), unless LOG_FORMAT says text.
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")  # noqa: F405
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405

# A CDN in front (docs/deployment.md): publishing purges its copy of the page through Wagtail's
# front-end cache invalidation, e.g. an HTTP PURGE endpoint of the CDN or a Varnish.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }
