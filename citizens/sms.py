"""Pluggable SMS backends, chosen by settings.SMS_BACKEND (a dotted path).

A backend has a `send(phone, text)` method that raises SmsSendError when the message could
not be handed over. `HttpGatewayBackend` is the production one: any HTTP SMS gateway that
takes a JSON POST, configured from the environment. `validate_backend()` runs at start-up
(CitizensConfig.ready) so a misconfigured gateway stops the portal instead of losing codes.
"""

import base64
import json
import logging
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "citizens.sms.ConsoleBackend"

# Messages sent through LocmemBackend, like django.core.mail.outbox (tests read codes here).
outbox = []


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str


class SmsSendError(Exception):
    """The gateway did not accept the message (after retries)."""


class BaseBackend:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError

    @classmethod
    def check_configuration(cls):
        """Raise ImproperlyConfigured when the backend cannot send as configured."""


class ConsoleBackend(BaseBackend):
    """Prints each message to standard output."""

    def send(self, phone, text):
        sys.stdout.write(f"[短信] {phone}: {text}\n")


class FileBackend(BaseBackend):
    """Appends each message to var/sms.log (the development default)."""

    def __init__(self, path=None):
        self.path = Path(path or getattr(settings, "SMS_FILE_PATH", settings.BASE_DIR / "var" / "sms.log"))

    def send(self, phone, text):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as log:
            log.write(f"{datetime.now():%Y-%m-%d %H:%M:%S}\t{phone}\t{text}\n")


class LocmemBackend(BaseBackend):
    """Keeps messages in citizens.sms.outbox (tests)."""

    def send(self, phone, text):
        outbox.append(SmsMessage(phone=phone, text=text))


class HttpGatewayBackend(BaseBackend):
    """An HTTP SMS gateway: POST {"phone", "text", "sign"} as JSON to SMS_GATEWAY_URL with
    HTTP Basic credentials (SMS_GATEWAY_USER / SMS_GATEWAY_PASSWORD).

    Every call has a timeout (SMS_GATEWAY_TIMEOUT seconds). Network errors, timeouts, 429 and
    5xx answers are retried SMS_GATEWAY_RETRIES times with a growing pause; any other answer
    outside 2xx is a refusal (bad number, bad credentials) and is not retried.
    """

    RETRY_STATUSES = {429, 500, 502, 503, 504}

    def __init__(self):
        self.check_configuration()
        self.url = settings.SMS_GATEWAY_URL
        self.timeout = float(settings.SMS_GATEWAY_TIMEOUT)
        self.retries = int(settings.SMS_GATEWAY_RETRIES)
        credentials = f"{settings.SMS_GATEWAY_USER}:{settings.SMS_GATEWAY_PASSWORD}".encode()
        self.authorization = "Basic " + base64.b64encode(credentials).decode()

    @classmethod
    def check_configuration(cls):
        url = getattr(settings, "SMS_GATEWAY_URL", "")
        if not url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("短信网关后端需要 SMS_GATEWAY_URL（http:// 或 https:// 开头）。")
        if not getattr(settings, "SMS_GATEWAY_USER", "") or not getattr(settings, "SMS_GATEWAY_PASSWORD", ""):
            raise ImproperlyConfigured("短信网关后端需要 SMS_GATEWAY_USER 和 SMS_GATEWAY_PASSWORD。")
        if not settings.DEBUG and url.startswith("http://") and not getattr(settings, "SMS_GATEWAY_ALLOW_HTTP", False):
            raise ImproperlyConfigured("生产环境的 SMS_GATEWAY_URL 必须使用 https://（内网网关可设 SMS_GATEWAY_ALLOW_HTTP=1）。")

    def send(self, phone, text):
        body = json.dumps({"phone": phone, "text": text, "sign": settings.SMS_GATEWAY_SIGN}, ensure_ascii=False).encode()
        for attempt in range(self.retries + 1):
            try:
                self._post(body)
                return
            except SmsSendError as error:
                retry = getattr(error, "retry", True) and attempt < self.retries
                logger.warning("SMS gateway attempt %s failed: %s%s", attempt + 1, error, "; retrying" if retry else "")
                if not retry:
                    raise
                time.sleep(0.5 * (attempt + 1))

    def _post(self, body):
        request = urllib.request.Request(  # noqa: S310 (the URL is checked to be http(s) above)
            self.url, data=body, method="POST",
            headers={"Content-Type": "application/json; charset=utf-8", "Authorization": self.authorization},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read(4096)
        except urllib.error.HTTPError as error:
            failure = SmsSendError(f"网关返回 HTTP {error.code}")
            failure.retry = error.code in self.RETRY_STATUSES
            raise failure from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsSendError(f"无法连接短信网关：{error}") from None


DEV_BACKENDS = ("citizens.sms.ConsoleBackend", "citizens.sms.FileBackend", "citizens.sms.LocmemBackend")


def validate_backend():
    """Start-up check of SMS_BACKEND: importable, a real backend, configured (and in
    production not one that only writes to a console, file or memory)."""
    path = getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND)
    try:
        backend = import_string(path)
    except ImportError:
        raise ImproperlyConfigured(f"SMS_BACKEND“{path}”无法导入，请检查配置。") from None
    if not (isinstance(backend, type) and issubclass(backend, BaseBackend)) or backend.send is BaseBackend.send:
        raise ImproperlyConfigured(f"SMS_BACKEND“{path}”不是可发送短信的后端（须继承 citizens.sms.BaseBackend 并实现 send）。")
    if getattr(settings, "SMS_REQUIRE_GATEWAY", False) and path in DEV_BACKENDS:
        raise ImproperlyConfigured("生产环境不得使用控制台、文件或内存短信后端，请配置 citizens.sms.HttpGatewayBackend。")
    backend.check_configuration()


def get_backend():
    return import_string(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))()


def backend_is_file():
    return getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND) == "citizens.sms.FileBackend"
