"""send_message(): render an admin-editable MessageTemplate and deliver it by SMS and/or e-mail."""

import logging
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.template import Context, Engine, TemplateSyntaxError

from .default_messages import default_fields
from .sms import get_backend

logger = logging.getLogger(__name__)


class SandboxEngine(Engine):
    # Engine adds Django's default tag libraries ({% debug %}, {% load %}, {% include %}…) on
    # top of `builtins`; an empty default list leaves only the allow-list.
    default_builtins = []


# No loaders (so no {% include %}/{% extends %}), no libraries to {% load %}, allow-listed tags.
_engine = SandboxEngine(
    dirs=[], app_dirs=False, loaders=[], libraries={}, builtins=["citizens.template_sandbox"],
    string_if_invalid="", autoescape=False,
)

PLAIN_TYPES = (str, int, float, Decimal, date, datetime, bool, type(None))


class MessageError(Exception):
    """A message could not be sent (unknown template key, no recipient)."""


def compile_template(source):
    """Compile with the sandbox engine; a Chinese ValidationError on bad syntax."""
    try:
        return _engine.from_string(source or "")
    except TemplateSyntaxError as error:
        raise ValidationError(f"模板语法错误：{error}") from None


def _plain(value):
    """Only plain values reach a template: model objects would expose every attribute."""
    if isinstance(value, PLAIN_TYPES):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def render(source, context):
    return compile_template(source).render(Context(_plain(context), autoescape=False)).strip()


def send_message(template_key: str, context: dict, *, phone: str = "", email: str = "") -> None:
    """Send the MessageTemplate `template_key` to phone (SMS) and/or email.

    A channel is used when a recipient is given and the template has text for it.
    """
    from .models import MessageTemplate

    template = MessageTemplate.objects.filter(key=template_key).first()
    if template is None:
        # A template the portal relies on was deleted: put the default wording back rather
        # than leave applicants without their code or notice.
        defaults = default_fields(template_key)
        if defaults is None:
            raise MessageError(f"消息模板“{template_key}”不存在，请在管理后台“消息模板”中添加。")
        template = MessageTemplate.objects.get_or_create(key=template_key, defaults=defaults)[0]
    if not phone and not email:
        raise MessageError("没有收件人：手机号码和电子邮箱至少提供一个。")
    if phone and template.sms_text:
        get_backend().send(phone, render(template.sms_text, context))
    if email and template.email_body:
        send_mail(
            render(template.email_subject, context),
            render(template.email_body, context),
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )


def send_logged_once(log_model, template_key, context, *, email="", phone="", **log_fields):
    """Send once per log row: create `log_model(**log_fields)` first, then send, in one
    transaction. A unique constraint on the log (e.g. object, kind, recipient, day) makes a
    second run a no-op. Returns 1 when sent, 0 when already sent."""
    from django.db import IntegrityError, transaction

    try:
        with transaction.atomic():
            log_model.objects.create(**log_fields)
            send_message(template_key, context, email=email, phone=phone)
    except IntegrityError:
        return 0
    return 1
