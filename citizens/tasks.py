"""Message delivery as background tasks (docs/domain.md, 生产部署: 后台任务).

A gateway that is slow or briefly down must not hold a citizen's request or lose the message:
the request renders the text and enqueues it; a worker delivers it and, when the gateway fails,
tries again later with growing delays. The last failure is recorded for supervisors
(portal.TaskFailure) by the task framework's ``task_finished`` signal.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from .sms import get_backend

logger = logging.getLogger(__name__)

# Seconds to wait before each further attempt: 30 s, 2 min, 10 min, 30 min.
RETRY_DELAYS = (30, 120, 600, 1800)


def _retry_later(task_function, attempt, *args):
    """Enqueue the next attempt after its delay; False when attempts are used up or the backend
    cannot defer (the immediate backend used in tests), so the caller re-raises."""
    if attempt >= len(RETRY_DELAYS) or not task_function.get_backend().supports_defer:
        return False
    run_after = timezone.now() + datetime.timedelta(seconds=RETRY_DELAYS[attempt])
    task_function.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
    return True


@task()
def deliver_sms(phone: str, text: str, attempt: int = 0) -> str:
    try:
        get_backend().send(phone, text)
    except Exception:
        if _retry_later(deliver_sms, attempt, phone, text):
            return f"第 {attempt + 1} 次发送失败，已安排重试"
        raise
    return "已发送"


@task()
def deliver_email(subject: str, body: str, recipient: str, attempt: int = 0) -> str:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    except Exception:
        if _retry_later(deliver_email, attempt, subject, body, recipient):
            return f"第 {attempt + 1} 次发送失败，已安排重试"
        raise
    return "已发送"


def enqueue_or_send_now(task_function, *args):
    """Queue the delivery; if the queue itself is unreachable (Redis down), deliver in this request
    rather than lose a citizen's code or notice."""
    try:
        task_function.enqueue(*args)
    except Exception:
        logger.warning("任务队列不可用，%s 在请求内直接执行", task_function.name, exc_info=True)
        task_function.call(*args)
