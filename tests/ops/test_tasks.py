"""Background work: messages are delivered by the task queue, retried with back-off when the
gateway fails, and a task that fails for good is visible to supervisors."""

import pytest
from django.test import override_settings
from django_tasks import TaskResultStatus

from citizens import sms
from citizens.messaging import send_message
from citizens.tasks import RETRY_DELAYS, deliver_sms
from portal.models import TaskFailure

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class BrokenGateway(sms.BaseBackend):
    def send(self, phone, text):
        raise ConnectionError("网关超时")


def run_worker_once():
    from unittest import mock

    from django.core.management import call_command

    # The worker closes "old" connections between tasks; here it shares the test's connection,
    # which is inside the test's transaction, so closing it would end the test's database.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@override_settings(TASKS=DB_TASKS)
def test_send_message_queues_the_sms_and_a_worker_delivers_it():
    from django_tasks_db.models import DBTaskResult

    send_message("otp_code", {"code": "123456", "purpose": "注册", "minutes": 5}, phone="13800000000")
    assert sms.outbox == []  # nothing sent inside the request
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    run_worker_once()
    assert [m.phone for m in sms.outbox] == ["13800000000"]
    assert "123456" in sms.outbox[0].text


@override_settings(TASKS=DB_TASKS, SMS_BACKEND="tests.ops.test_tasks.BrokenGateway")
def test_a_failing_gateway_is_retried_later_with_growing_delays():
    from django_tasks_db.models import DBTaskResult

    deliver_sms.enqueue("13800000000", "测试短信")
    run_worker_once()
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"] == {"attempt": 1}
    assert retry.run_after is not None
    delay = (retry.run_after - retry.enqueued_at).total_seconds()
    assert RETRY_DELAYS[0] - 2 <= delay <= RETRY_DELAYS[0] + 2
    assert not TaskFailure.objects.exists()


@override_settings(SMS_BACKEND="tests.ops.test_tasks.BrokenGateway")
def test_the_last_failure_is_recorded_for_supervisors_without_personal_data():
    result = deliver_sms.enqueue("13800000000", "您的验证码是 654321", attempt=len(RETRY_DELAYS))
    assert result.status == TaskResultStatus.FAILED
    failure = TaskFailure.objects.get()
    assert failure.task_path == "citizens.tasks.deliver_sms"
    assert "网关超时" in failure.error
    assert "13800000000" not in failure.error and "654321" not in failure.error


def test_index_upkeep_for_an_object_deleted_before_the_worker_came_is_not_a_failure():
    from wagtail.tasks import update_reference_index_task

    update_reference_index_task.enqueue("wagtailcore", "page", 999_999)  # no such page any more
    assert not TaskFailure.objects.exists()  # any other failure is recorded (the test above)


def test_supervisors_see_failures_in_the_admin_and_cannot_edit_them(client, django_user_model):
    from django.contrib.auth.models import Group

    TaskFailure.objects.create(task_path="citizens.tasks.deliver_sms", task_id="x", backend="default", error="ConnectionError: 网关超时")
    supervisor = django_user_model.objects.create_user("sup", password="x" * 12)
    supervisor.groups.add(Group.objects.get(name="督查"))
    client.force_login(supervisor)
    listing = client.get("/admin/task_failures/")
    assert listing.status_code == 200
    assert "citizens.tasks.deliver_sms" in listing.content.decode()
    assert client.get("/admin/task_failures/new/").status_code in (302, 403)
    window = django_user_model.objects.create_user("win", password="x" * 12)
    window.groups.add(Group.objects.get_or_create(name="窗口工作人员")[0])
    client.force_login(window)
    assert client.get("/admin/task_failures/").status_code in (302, 403)


def test_with_the_queue_down_the_message_is_delivered_in_the_request():
    rq_tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    dead_redis = {"default": {"URL": "redis://127.0.0.1:1/0", "DEFAULT_TIMEOUT": 10}}
    with override_settings(TASKS=rq_tasks, RQ_QUEUES=dead_redis):
        send_message("otp_code", {"code": "246810", "purpose": "登录", "minutes": 5}, phone="13800000002")
    assert [m.phone for m in sms.outbox] == ["13800000002"]
