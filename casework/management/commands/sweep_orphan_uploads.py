"""Delete private upload files that no record points to (a worker that died mid-upload leaves
its file behind without a row). Only files older than --min-age-hours (default 24) are
touched, so an upload still in progress is never removed. Schedule daily (README)."""

import time
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db.models import FileField

from casework.storage import get_private_storage


def referenced_names():
    """Every file name held by a FileField on private storage, in any app's model."""
    storage = get_private_storage()
    names = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField) and field.storage is storage:
                names.update(model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True))
    return names


def orphaned_files(min_age_hours):
    root = Path(get_private_storage().location)
    if not root.exists():
        return []
    cutoff = time.time() - min_age_hours * 3600
    referenced = referenced_names()
    return [
        path for path in root.rglob("*")
        if path.is_file() and path.stat().st_mtime < cutoff and path.relative_to(root).as_posix() not in referenced
    ]


class Command(BaseCommand):
    help = "删除私有存储中没有任何记录引用、且早于指定时间的上传文件（上传中断遗留的孤立文件）。"

    def add_arguments(self, parser):
        parser.add_argument("--min-age-hours", type=int, default=24, help="只删除早于此小时数的文件（默认 24）")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args, min_age_hours, dry_run, **options):
        files = orphaned_files(min_age_hours)
        for path in files:
            if not dry_run:
                path.unlink(missing_ok=True)
        verb = "将删除" if dry_run else "已删除"
        self.stdout.write(f"{verb} {len(files)} 个孤立文件（早于 {min_age_hours} 小时、无记录引用）。")
