"""manage.py export_catalog FILE: write the item catalogue to .json or .xlsx (by extension)."""

from django.core.management.base import BaseCommand, CommandError

from guides.catalog_io import CatalogImportError, export_items, write_catalog_file


class Command(BaseCommand):
    help = "将事项目录导出为 JSON 或 Excel (.xlsx) 文件（按扩展名选择格式），可再用 import_catalog 导入。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="输出文件（.json 或 .xlsx）")

    def handle(self, *args, file, **options):
        items = export_items()
        try:
            write_catalog_file(items, file)
        except CatalogImportError as exc:
            raise CommandError(exc.report()) from None
        except OSError as exc:
            raise CommandError(f"无法写入文件 {file}：{exc.strerror}") from None
        self.stdout.write(self.style.SUCCESS(f"已导出 {len(items)} 个事项到 {file}。"))
