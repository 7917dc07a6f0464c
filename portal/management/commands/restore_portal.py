from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "把 backup_portal 生成的备份恢复到一个全新迁移的空实例，并重建搜索索引。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="backup_portal 生成的 .tar.gz 文件")

    def handle(self, archive, **options):
        try:
            manifest = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        # Content types and permissions of models newer than the backup, then the search indexes
        # (derived data, not in the backup).
        call_command("migrate", verbosity=0)
        call_command("update_index", verbosity=0)
        call_command("rebuild_search_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"已恢复：数据库及 {len(manifest['files'])} 个文件，搜索索引已重建。"))
