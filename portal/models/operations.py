"""What the running site records about itself for supervisors (docs/domain.md, 生产部署)."""

from django.db import models


class TaskFailure(models.Model):
    """A background task (SMS, e-mail, reminder, index update, bulletin draft…) that failed for good.

    Written from the task framework's ``task_finished`` signal, whichever queue backend ran it, so
    a message that never reached a citizen is visible in the admin instead of only in a log.
    """

    task_path = models.CharField("任务", max_length=255)
    task_id = models.CharField("任务编号", max_length=64)
    backend = models.CharField("队列", max_length=100)
    error = models.TextField("错误")
    failed_at = models.DateTimeField("失败时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "后台任务失败"
        verbose_name_plural = "后台任务失败"
        ordering = ["-failed_at"]

    def __str__(self):
        return f"{self.task_path}（{self.failed_at:%Y-%m-%d %H:%M}）"
