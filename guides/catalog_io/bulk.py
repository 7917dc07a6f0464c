"""Bulk creation of NEW, published service items for very large imports (10,000+ items).

The normal path publishes each page through Wagtail's revision API (≈150 queries a page).
Here the same rows are written in batches: page rows, item rows, child rows, theme links,
one revision per page (set as latest and live), a "created" and a "published" log entry per
page; then `page_published` is sent for each page so listeners (the public search index)
see exactly what a normal publish would show them. The model rules were already applied by
check_item; slugs are unique among the catalogue's children and tree paths are allocated
after the catalogue's last child, so the page tree stays valid (Page.find_problems()).
Existing items are never touched here: updates always go through the revision API.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Locale, Page, PageLogEntry, Revision
from wagtail.signals import page_published

from guides.models import FAQ, FeeItem, LegalBasis, Material, ProcessStep, ServiceItemPage, SpecialStep

CHILD_MODELS = {
    "legal_bases": LegalBasis,
    "materials": Material,
    "fee_items": FeeItem,
    "steps": ProcessStep,
    "special_steps": SpecialStep,
    "faqs": FAQ,
}
BATCH = 200


def bulk_create_items(writer, items):
    """Create `items` (new codes only) under writer.catalog; returns the new pages' ids."""
    created = []
    for start in range(0, len(items), BATCH):
        created += _create_batch(writer, items[start : start + BATCH])
    return created


def _create_batch(writer, items):
    catalog = Page.objects.get(pk=writer.catalog.pk)  # fresh numchild/last-child state
    now = timezone.now()
    item_type = ContentType.objects.get_for_model(ServiceItemPage)
    page_type = ContentType.objects.get_for_model(Page)
    locale_id = catalog.locale_id or Locale.get_default().pk
    last = catalog.get_last_child()
    position = Page._str2int(last.path[-Page.steplen :]) if last else 0

    pages = []
    for offset, item in enumerate(items, 1):
        page = ServiceItemPage(
            item_code=item.code, slug=writer._free_slug(item.code), content_type=item_type, locale_id=locale_id,
            path=Page._get_path(catalog.path, catalog.depth + 1, position + offset), depth=catalog.depth + 1,
            numchild=0, live=True, has_unpublished_changes=False, first_published_at=now,
            last_published_at=now, latest_revision_created_at=now, owner=writer.user, translation_key=uuid.uuid4(),
        )
        writer._fill_fields(page, item)
        page.draft_title = page.title
        page.url_path = f"{catalog.url_path}{page.slug}/"
        pages.append(page)

    _insert_pages(pages)
    Page.objects.filter(pk=catalog.pk).update(numchild=catalog.numchild + len(pages))
    for page, item in zip(pages, items, strict=True):
        writer.existing_ids[item.code] = page.pk
    _insert_children(writer, pages, items)
    revisions = _insert_revisions(writer, pages, items, item_type, page_type, now)
    _insert_log_entries(writer, pages, revisions, item_type, now)
    for page, revision in zip(pages, revisions, strict=True):
        page_published.send(sender=ServiceItemPage, instance=page, revision=revision)
    return [page.pk for page in pages]


def _insert_pages(pages):
    """Django cannot bulk_create a multi-table child, so insert the two tables in turn."""
    base_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    bases = Page.objects.bulk_create([Page(**{name: getattr(p, name) for name in base_fields}) for p in pages])
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.id = page.page_ptr_id = base.pk
    local_fields = ServiceItemPage._meta.local_concrete_fields
    ServiceItemPage.objects._insert(pages, fields=local_fields)  # the item table only


def _insert_children(writer, pages, items):
    themes_through = ServiceItemPage.themes.through
    theme_links, prerequisite_links = [], []
    prerequisites_through = ServiceItemPage.prerequisites.through
    for page, item in zip(pages, items, strict=True):
        relations = {name: getattr(item, name) for name in CHILD_MODELS}
        # In memory too, so the revision below records exactly the rows written here.
        for name, model in CHILD_MODELS.items():
            if name == "materials":  # document references resolved as in a normal import
                rows = [writer._material(row, i, None, item.code) for i, row in enumerate(relations[name])]
                for row in rows:
                    row.page = page
            else:
                rows = [model(page=page, sort_order=i, **row) for i, row in enumerate(relations[name])]
            setattr(page, name, rows)
        page.themes = [writer.themes[name] for name in item.themes]
        theme_links += [themes_through(serviceitempage_id=page.pk, theme_id=writer.themes[name].pk) for name in item.themes]
        ids = [writer.existing_ids.get(code) for code in item.prerequisites]
        if all(ids):
            page.prerequisites = list(ServiceItemPage.objects.filter(pk__in=ids)) if ids else []
            prerequisite_links += [prerequisites_through(from_serviceitempage_id=page.pk, to_serviceitempage_id=i) for i in ids]
        else:
            writer.deferred.append(item)
    for name, model in CHILD_MODELS.items():
        model.objects.bulk_create([child for page in pages for child in getattr(page, name).all()])
    themes_through.objects.bulk_create(theme_links)
    prerequisites_through.objects.bulk_create(prerequisite_links)


def _insert_revisions(writer, pages, items, item_type, page_type, now):
    revisions = Revision.objects.bulk_create([
        Revision(
            content_type=item_type, base_content_type=page_type, object_id=str(page.pk), created_at=now,
            user=writer.user, object_str=page.title, content=page.serializable_data(),
        )
        for page in pages
    ])
    bases = []
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
        bases.append(Page(pk=page.pk, latest_revision_id=revision.pk, live_revision_id=revision.pk))
    Page.objects.bulk_update(bases, ["latest_revision_id", "live_revision_id"])
    return revisions


def _insert_log_entries(writer, pages, revisions, item_type, now):
    entries = []
    for page, revision in zip(pages, revisions, strict=True):
        shared = {"content_type": item_type, "label": page.title, "timestamp": now, "user": writer.user,
                  "page_id": page.pk, "uuid": uuid.uuid4()}
        entries.append(PageLogEntry(action="wagtail.create", data={}, **shared))
        entries.append(PageLogEntry(action="wagtail.publish", revision=revision, content_changed=True, data={}, **shared))
    PageLogEntry.objects.bulk_create(entries)
