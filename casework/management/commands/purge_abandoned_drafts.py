"""Delete drafts nobody has touched for DRAFT_RETENTION_DAYS (default 90) with their uploaded
files: personal data is deleted when its purpose ends (个人信息保护法, docs/domain.md §9). A draft
counts as touched when it was created or had a file uploaded. Schedule daily (README)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from audit import actions
from audit.records import record
from casework.models import Case, CaseStatus
from casework.storage import get_private_storage


def abandoned_drafts(days):
    cutoff = timezone.now() - timedelta(days=days)
    return (
        Case.objects.filter(status=CaseStatus.DRAFT)
        .annotate(last_touched=Greatest("created_at", Coalesce(Max("materials__uploaded_at"), "created_at")))
        .filter(last_touched__lt=cutoff)
    )


class Command(BaseCommand):
    help = "删除超过保留期限未继续填写的申请草稿及其上传文件。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="保留天数（默认取 DRAFT_RETENTION_DAYS，90 天）")

    def handle(self, *args, days=None, **options):
        days = days or settings.DRAFT_RETENTION_DAYS
        storage = get_private_storage()
        deleted = 0
        for case in abandoned_drafts(days).iterator():
            files = list(case.materials.values_list("file", flat=True))
            with transaction.atomic():
                Case.objects.filter(pk=case.pk).delete()
                transaction.on_commit(lambda names=files: [storage.delete(name) for name in names])
            deleted += 1
        if deleted:
            record(actions.DATA_DELETED, actor_name="系统", target="申请草稿", detail=f"删除超过 {days} 天未填写的草稿 {deleted} 件及其文件。")
        self.stdout.write(f"已删除 {deleted} 件超过 {days} 天未继续填写的草稿及其文件。")
