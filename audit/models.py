"""审计日志: an append-only record of who did what, when and from where (等保 level 3,
docs/domain.md §9 "an audit trail of who did what, kept ≥ 6 months")."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    """Rows are never edited; only `purge_audit_log` deletes, and only past the retention."""

    def update(self, **kwargs):
        raise PermissionDenied("审计日志只能追加，不能修改。")

    def delete(self):
        raise PermissionDenied("审计日志只能追加，不能删除（过期记录由 purge_audit_log 清理）。")

    def purge_before(self, cutoff):
        """Delete rows older than `cutoff` (the retention command's one way out)."""
        return models.QuerySet.delete(self.filter(at__lt=cutoff))


class AuditEvent(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # The account name at the time, kept when the account is later renamed or deleted.
    actor_name = models.CharField("操作人账户", max_length=150, blank=True)
    action = models.CharField("操作", max_length=50, db_index=True)
    target = models.CharField("对象", max_length=200, blank=True)
    detail = models.TextField("说明", blank=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        permissions = [("export_auditevent", "可以导出审计日志")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name or '匿名'} {self.get_action_label()}"

    def get_action_label(self):
        from .actions import ACTION_LABELS

        return ACTION_LABELS.get(self.action, self.action)

    get_action_label.short_description = "操作"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("审计日志只能追加，不能删除。")
