"""manage.py import_catalog FILE: upsert the item catalogue from a .json or .xlsx file."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from guides.catalog_io import CatalogImportError, import_items, read_catalog_file


class Command(BaseCommand):
    help = "从 JSON 或 Excel (.xlsx) 文件导入事项目录（按事项编码新增或更新，全部成功才保存）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="事项目录文件（.json 或 .xlsx）")

    def handle(self, *args, file, **options):
        try:
            items, row_labels = read_catalog_file(file)
            # A progress bar only on a terminal, so logs and tests stay clean.
            with tqdm(total=len(items), desc="导入事项", unit="项", disable=not sys.stderr.isatty()) as bar:
                result = import_items(items, row_labels=row_labels, progress=bar.update)
        except CatalogImportError as exc:
            raise CommandError(exc.report()) from None
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"提示：{warning}"))
        for conflict in result.conflicts:
            self.stderr.write(self.style.ERROR(f"冲突：{conflict}"))
        self.stdout.write(self.style.SUCCESS(result.summary()))
