"""Pluggable SMS backends, chosen by settings.SMS_BACKEND (a dotted path).

A production gateway backend only needs a `send(phone, text)` method; it must use a timeout.
"""

import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "citizens.sms.ConsoleBackend"

# Messages sent through LocmemBackend, like django.core.mail.outbox (tests read codes here).
outbox = []


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str


class BaseBackend:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


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


def get_backend():
    return import_string(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))()


def backend_is_file():
    return getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND) == "citizens.sms.FileBackend"
