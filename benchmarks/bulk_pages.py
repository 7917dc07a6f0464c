"""Insert generated service item pages in bulk for the load benchmark.

The rows are the ones ``catalog.add_child(instance=page)`` would write (treebeard's materialised
path, Wagtail's url_path, a live page without revisions), but a batch costs three INSERT statements
instead of a handful of queries per page: 10,000 items in a minute rather than an hour on a busy
machine. Search indexes are then built by ``rebuild_search_index`` as in production.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page


def add_pages_in_bulk(catalog, pages):
    from guides.models import ServiceItemPage

    if not pages:
        return
    catalog.refresh_from_db(fields=["numchild"])
    last = catalog.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen:]) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(ServiceItemPage)
    now = timezone.now()
    for step, page in enumerate(pages, start=first_step):
        page.path = Page._get_path(catalog.path, catalog.depth + 1, step)
        page.depth, page.numchild = catalog.depth + 1, 0
        page.url_path = f"{catalog.url_path}{page.slug}/"
        page.content_type, page.locale_id = content_type, catalog.locale_id
        page.draft_title = page.title
        page.first_published_at = page.last_published_at = now
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    bases = Page.objects.bulk_create(
        [Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in pages])
    for page, base in zip(pages, bases, strict=True):
        page.id = page.page_ptr_id = base.pk
    # Django refuses bulk_create for multi-table inheritance; the item table's own columns are
    # inserted in one statement, exactly as the ORM would for each save.
    ServiceItemPage._base_manager._insert(pages, fields=ServiceItemPage._meta.local_concrete_fields)
    through = ServiceItemPage.themes.through
    through.objects.bulk_create([through(serviceitempage_id=page.pk, theme_id=theme.pk)
                                 for page in pages for theme in page.themes.all()])
    Page.objects.filter(pk=catalog.pk).update(numchild=catalog.numchild + len(pages))
