"""Record background tasks that failed for good, whichever backend ran them."""

from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

# Wagtail's and modelsearch's index upkeep, queued for one object. When that object is deleted
# before a worker gets to it (setup_portal replaces Wagtail's welcome page, an editor deletes a
# draft), the task finds nothing to index: there is nothing for a supervisor to do about it.
INDEX_UPKEEP_TASKS = {
    "wagtail.tasks.update_reference_index_task",
    "modelsearch.tasks.insert_or_update_object_task",
}


def _object_was_deleted_first(task_result, errors):
    return (task_result.task.module_path in INDEX_UPKEEP_TASKS and errors
            and errors[-1].exception_class_path.endswith("DoesNotExist"))


def _record_failure(sender, task_result, **kwargs):
    if task_result.status != TaskResultStatus.FAILED:
        return
    from .models import TaskFailure

    errors = getattr(task_result, "errors", None) or []
    if _object_was_deleted_first(task_result, errors):
        return
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
