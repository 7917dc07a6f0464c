"""Periodic jobs: one table (portal/scheduled.py), one scheduler that only enqueues, and a worker
that runs them as background tasks (docs/domain.md, 生产部署: 后台任务与定时作业)."""

import datetime
import io

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus

from citizens.models import OneTimeCode
from portal.models import TaskFailure
from portal.scheduled import JOBS, SCHEDULE
from portal.tasks import run_scheduled_job
from privacy.fields import lookup_hash_of

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


@pytest.mark.parametrize("job", SCHEDULE, ids=lambda job: job.name)
@override_settings(TASKS=DB_TASKS)  # so the database queue's own job applies too
def test_every_job_names_an_installed_command_that_accepts_its_arguments(job):
    app = get_commands()[job.command]
    command = load_command_class(app, job.command)
    command.create_parser("manage.py", job.command).parse_args(list(job.args))
    assert len(job.cron.split()) == 5


@pytest.mark.parametrize("tasks", [DB_TASKS, RQ_TASKS], ids=["database queue", "RQ"])
def test_the_crontab_is_the_table_and_only_enqueues(tasks):
    with override_settings(TASKS=tasks):
        out = io.StringIO()
        call_command("enqueue_job", "--crontab", stdout=out)
        expected = [job for job in SCHEDULE if job.applies()]
    jobs = [line for line in out.getvalue().splitlines() if "enqueue_job" in line and not line.startswith("#")]
    assert [line.rsplit(" ", 1)[1] for line in jobs] == [job.name for job in expected]
    for line, job in zip(jobs, expected, strict=True):
        assert line.startswith(job.cron + " ")
    # RQ expires its own results; pruning the database queue's table only applies to that queue.
    assert ("prune_task_results" in out.getvalue()) == (tasks is DB_TASKS)


def stale_code():
    return OneTimeCode.objects.create(phone_hash=lookup_hash_of("13800000000"), purpose="注册", code_hash="x" * 64,
                                      expires_at=timezone.now() - datetime.timedelta(days=2))


# transaction=True: the worker commits and checks its connection between tasks, as in production.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_the_scheduler_enqueues_and_a_worker_does_the_work():
    stale_code()
    out = io.StringIO()
    call_command("enqueue_job", "purge_expired_codes", stdout=out)
    assert "已加入队列" in out.getvalue()
    assert OneTimeCode.objects.count() == 1  # nothing done by the scheduler itself
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert OneTimeCode.objects.count() == 0
    from django_tasks_db.models import DBTaskResult

    result = DBTaskResult.objects.get()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert "已删除过期短信验证码 1 条" in result.return_value


@pytest.mark.django_db
def test_an_unknown_job_is_refused_in_chinese():
    with pytest.raises(CommandError, match="没有名为"):
        call_command("enqueue_job", "rm_rf")
    with pytest.raises(KeyError):
        run_scheduled_job.call("flush")  # a queued name outside the table never runs a command


@pytest.mark.django_db
def test_a_job_that_fails_is_recorded_for_supervisors(settings):
    # The bulletin job refuses a month that cannot be drafted; here: the drafting command's own
    # CommandError for an invalid year of the annual report stands for any failing job.
    JOBS_BEFORE = dict(JOBS)
    from portal.scheduled import ScheduledJob

    JOBS["broken_report"] = ScheduledJob("broken_report", "0 0 * * *", "draft_annual_report", ("--year", "1999"))
    try:
        result = run_scheduled_job.enqueue("broken_report")
    finally:
        JOBS.clear()
        JOBS.update(JOBS_BEFORE)
    assert result.status == TaskResultStatus.FAILED
    failure = TaskFailure.objects.get()
    assert failure.task_path == "portal.tasks.run_scheduled_job"
    assert "年度 1999 无效" in failure.error
