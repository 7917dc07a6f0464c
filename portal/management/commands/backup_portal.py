from django.core.management.base import BaseCommand

from portal.backup import create_backup


class Command(BaseCommand):
    help = "备份数据库、申请人上传文件与公共媒体到一个 .tar.gz 文件（见 docs/deployment.md）。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="输出文件，如 var/backup-2026-12-01.tar.gz")

    def handle(self, archive, **options):
        manifest = create_backup(archive)
        self.stdout.write(self.style.SUCCESS(f"已备份到 {archive}：数据库及 {len(manifest['files'])} 个文件。"))
