"""Background tasks of the portal itself: running a scheduled job (portal/scheduled.py)."""

import io

from django.core.management import call_command
from django_tasks import task

from .scheduled import JOBS


@task()
def run_scheduled_job(name: str) -> str:
    """Run one job of the schedule in a worker; its output is the task's result.

    Only names in the table run, so a queued message can never start an arbitrary command.
    A command that fails raises, and the task framework records a TaskFailure for supervisors.
    """
    job = JOBS[name]
    output = io.StringIO()
    try:
        call_command(job.command, *job.args, stdout=output, stderr=output)
    except SystemExit as exit_:  # check_site_health exits 1 on serious findings
        if exit_.code:
            raise RuntimeError(f"{job.command} 退出码 {exit_.code}：{output.getvalue()[-500:]}") from None
    return output.getvalue()[-2000:]
