"""Delete audit events older than AUDIT_RETENTION_DAYS (never fewer than 184: docs/domain.md §9,
"an audit trail ... kept ≥ 6 months")."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from audit.models import AuditEvent

MINIMUM_DAYS = 184


def retention_days():
    return max(MINIMUM_DAYS, int(getattr(settings, "AUDIT_RETENTION_DAYS", MINIMUM_DAYS)))


class Command(BaseCommand):
    help = f"删除超过保存期限（至少 {MINIMUM_DAYS} 天）的审计日志。"

    def handle(self, *args, **options):
        days = retention_days()
        deleted, _ = AuditEvent.objects.purge_before(timezone.now() - timedelta(days=days))
        self.stdout.write(f"已删除 {deleted} 条超过 {days} 天的审计日志。")
