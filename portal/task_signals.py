"""Record background tasks that failed for good, whichever backend ran them."""

from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished


def _record_failure(sender, task_result, **kwargs):
    if task_result.status != TaskResultStatus.FAILED:
        return
    from .models import TaskFailure

    errors = getattr(task_result, "errors", None) or []
    error = errors[-1].traceback if errors else "（未记录错误信息）"
    TaskFailure.objects.create(
        task_path=task_result.task.module_path,
        task_id=str(task_result.id)[:64],
        backend=task_result.backend,
        # The last lines name the error; arguments (phone numbers, texts) are never copied here.
        error="\n".join(error.strip().splitlines()[-6:]),
    )


def connect():
    task_finished.connect(_record_failure, dispatch_uid="portal_task_failure")
