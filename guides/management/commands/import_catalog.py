"""manage.py import_catalog FILE: upsert the item catalogue from a .json or .xlsx file."""

from django.core.management.base import BaseCommand, CommandError

from guides.catalog_io import CatalogImportError, import_catalog_file


class Command(BaseCommand):
    help = "从 JSON 或 Excel (.xlsx) 文件导入事项目录（按事项编码新增或更新，全部成功才保存）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="事项目录文件（.json 或 .xlsx）")

    def handle(self, *args, file, **options):
        try:
            result = import_catalog_file(file)
        except CatalogImportError as exc:
            raise CommandError(exc.report()) from None
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"提示：{warning}"))
        self.stdout.write(self.style.SUCCESS(result.summary()))
