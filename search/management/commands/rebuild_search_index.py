"""`python manage.py rebuild_search_index`: rebuild the embedded index, Wagtail's own
search index (analysed for Chinese) and, when ELASTICSEARCH_URL is set, a new Elasticsearch
index swapped in behind the alias."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from search.documents import build_document, count_searchable_pages, searchable_pages
from search.models import IndexChange, SearchDocument

BATCH = 500


def rebuild_embedded(progress=True, stream=None):
    """Recreate every SearchDocument row in one transaction: readers see the old index
    until the new one is complete. Returns the number of documents."""
    total = count_searchable_pages()
    batch, count = [], 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        bar = tqdm(total=total, desc="内置索引", unit="页", disable=not progress, file=stream)
        # searchable_pages() already keeps to live, public pages below the home page.
        for page in searchable_pages():
            bar.update(1)
            batch.append(build_document(page))
            if len(batch) >= BATCH:
                SearchDocument.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        SearchDocument.objects.bulk_create(batch)
        count += len(batch)
        bar.close()
        IndexChange.record(None)  # every process rebuilds whole
    return count


class Command(BaseCommand):
    help = "重建站内搜索索引（内置索引；配置了 ELASTICSEARCH_URL 时同时重建 Elasticsearch 索引并切换别名）。"

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
        parser.add_argument("--embedded-only", action="store_true", help="只重建内置索引（不重建 Wagtail 索引和 Elasticsearch）")

    def handle(self, *args, **options):
        progress = not options["no_progress"]
        started = time.monotonic()
        count = rebuild_embedded(progress=progress, stream=self.stderr)
        self.stdout.write(f"内置索引：{count} 个文档，用时 {time.monotonic() - started:.1f} 秒。")
        if not options["embedded_only"]:
            # Wagtail's own index (admin, choosers, API) with the Chinese analysis: entries
            # written before search.backends.wagtail_db was configured hold unanalysed text.
            started = time.monotonic()
            call_command("update_index", verbosity=0)
            self.stdout.write(f"Wagtail 搜索索引（后台、选择器、API）已重建，用时 {time.monotonic() - started:.1f} 秒。")
        if settings.ELASTICSEARCH_URL and not options["embedded_only"]:
            from search.backends.base import BackendUnavailable
            from search.backends.elasticsearch import ElasticsearchBackend

            backend = ElasticsearchBackend(settings.ELASTICSEARCH_URL, prefix=settings.ELASTICSEARCH_INDEX_PREFIX)
            try:
                name = backend.rebuild(progress=progress)
            except BackendUnavailable as exc:
                raise CommandError(f"Elasticsearch 重建失败：{exc}") from exc
            self.stdout.write(f"Elasticsearch：新索引 {name} 已切换到别名 {backend.alias}。")
