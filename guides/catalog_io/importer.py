"""Upserts the item catalogue: the one code path used by `import_catalog`, `setup_portal --demo`
and the search benchmark (which feeds it tens of thousands of generated items).

All-or-nothing: every item is validated first (pure Python, every bad row reported), then the
whole file is written in one transaction, so a rejected file changes nothing.
"""

import re
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models.signals import post_save
from django.utils.module_loading import import_string
from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from guides.models import (
    FAQ,
    Department,
    FeeItem,
    LegalBasis,
    Material,
    ProcessStep,
    ServiceItemPage,
    SpecialStep,
    Theme,
)

from .errors import CatalogImportError, ImportResult, RowError
from .validation import check_item


def default_row_label(index):
    return f"第 {index} 条"


def validate_items(raw_items, row_labels=None):
    """Validate every item; returns (clean items, errors, warnings). No database writes."""
    if not isinstance(raw_items, list):
        return [], [RowError("文件", "", "内容应为事项数组（JSON 数组 [...]）。")], []
    clean, errors, warnings = [], [], []
    first_row_of_code = {}
    for index, raw in enumerate(raw_items, 1):
        row = row_labels[index - 1] if row_labels else default_row_label(index)
        item, item_errors, item_warnings = check_item(raw, row)
        errors += item_errors
        warnings += item_warnings
        if item is None:
            continue
        if item.code in first_row_of_code:
            errors.append(RowError(row, "事项编码", f"编码 {item.code} 在文件中重复（与{first_row_of_code[item.code]}相同）。"))
            continue
        first_row_of_code[item.code] = row
        clean.append((row, item))
    errors += _prerequisite_errors(clean)
    return clean, errors, warnings


def _prerequisite_errors(clean):
    in_file = {item.code for _, item in clean}
    wanted = {code for _, item in clean for code in item.prerequisites} - in_file
    known = set(ServiceItemPage.objects.filter(item_code__in=wanted).values_list("item_code", flat=True)) if wanted else set()
    errors = []
    for row, item in clean:
        missing = [code for code in item.prerequisites if code not in in_file and code not in known]
        if missing:
            errors.append(RowError(row, "前置事项", f"事项编码 {'、'.join(missing)} 既不在文件中，也不在系统中。"))
    return errors


BULK_THRESHOLD = 1000  # new items in one import above which the batched path is used


def import_items(raw_items, row_labels=None, user=None, progress=None, bulk=None):
    """Validate and upsert `raw_items` (dicts in the JSON exchange format) by 事项编码.

    Raises CatalogImportError listing every bad row; otherwise returns an ImportResult.
    New items are created under the catalogue and published; existing ones get a new revision
    and are republished with their child rows replaced, so the page history is kept.
    `progress`, if given, is called with the number of items just written (a tqdm bar's update).
    `bulk` writes new items in batches (see catalog_io.bulk); None means "when there are more
    than BULK_THRESHOLD new items", e.g. the search benchmark's generated catalogues.
    """
    clean, errors, warnings = validate_items(raw_items, row_labels)
    if errors:
        raise CatalogImportError(errors)
    result = ImportResult(warnings=warnings)
    try:
        _write(clean, result, user, progress, bulk)
    except DatabaseError as exc:
        # E.g. someone created the same department or code at the same moment: the whole
        # import was rolled back, so say so in Chinese instead of a traceback.
        raise CatalogImportError([RowError("数据库", "", f"写入失败，已全部回滚，请重试：{exc}")]) from exc
    return result


def _write(clean, result, user, progress, bulk):
    with transaction.atomic(), _indexing_deferred() as touched:
        writer = _CatalogWriter(result, user, touched)
        items = [item for _, item in clean]
        writer.prepare(items)
        new_items = [item for item in items if item.code not in writer.existing_ids]
        if bulk is None:
            bulk = len(new_items) > BULK_THRESHOLD
        for item in items:
            if bulk and item.code not in writer.existing_ids:
                continue
            writer.write(item)
            if progress:
                progress(1)
        if bulk:
            writer.write_bulk(new_items, progress)
        writer.link_deferred_prerequisites()


@contextmanager
def _indexing_deferred():
    """Index each written page once at the end instead of on every one of its saves.

    Publishing saves a page two or three times and each child row once; Wagtail updates its
    search index and reference index ("usage") on every one of those saves, which made up
    most of the import time. Both are refreshed here for every touched page before the
    transaction commits, so nothing is left stale. The search-index signal is detached for
    ServiceItemPage process-wide meanwhile: imports are batch jobs (commands, set-up,
    benchmarks), not run inside the web server.
    """
    from modelsearch.signal_handlers import post_save_signal_handler

    touched = []
    detached = post_save.disconnect(post_save_signal_handler, sender=ServiceItemPage)
    try:
        with disable_reference_index_auto_update():
            yield touched
    finally:
        if detached:
            post_save.connect(post_save_signal_handler, sender=ServiceItemPage)
    for start in range(0, len(touched), 500):
        chunk = ServiceItemPage.objects.filter(pk__in=touched[start : start + 500])
        for page in chunk:
            ReferenceIndex.create_or_update_for_object(page)
        pages = list(ServiceItemPage.get_indexed_objects().filter(pk__in=touched[start : start + 500]))
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(ServiceItemPage, pages)


def catalog_page():
    """The catalogue index page imported items go under. The site shell owns the page tree
    and makes it on an empty database; settings.GUIDES_CATALOG_PAGE names that callable, so
    the catalogue does not import the shell."""
    return import_string(settings.GUIDES_CATALOG_PAGE)()


class _CatalogWriter:
    """Holds the look-up tables for one import so each department/theme/page is fetched once."""

    def __init__(self, result, user, touched):
        self.result = result
        self.touched = touched
        self.user = user
        self.catalog = catalog_page()
        self.departments = {d.name: d for d in Department.objects.all()}
        self.themes = {t.name: t for t in Theme.objects.all()}
        self.existing_ids = dict(ServiceItemPage.objects.values_list("item_code", "pk"))
        self.taken_slugs = set(self.catalog.get_children().values_list("slug", flat=True))
        self.deferred = []

    def prepare(self, items):
        for item in items:
            if item.department not in self.departments:
                self.departments[item.department] = _create_department(item.department)
                self.result.departments_created += 1
            for name in item.themes:
                if name not in self.themes:
                    self.themes[name] = _create_theme(name)
                    self.result.themes_created += 1

    def write(self, item):
        page_id = self.existing_ids.get(item.code)
        if page_id:
            page = ServiceItemPage.objects.get(pk=page_id)
            self.result.updated += 1
            self._fill_fields(page, item)
        else:
            page = ServiceItemPage(item_code=item.code, slug=self._free_slug(item.code))
            self.result.created += 1
            self._fill_fields(page, item)
            # Added as a bare draft (only title/slug checked on save); the child rows are
            # written once, by the publish below, which also runs the page's full_clean.
            page.live = False
            self.catalog.add_child(instance=page)
            self.existing_ids[item.code] = page.pk
        self._fill_relations(page, item, existing=bool(page_id))
        # clean=False: check_item already applied the model's rules, and publish() cleans again.
        page.save_revision(user=self.user, clean=False, log_action=True).publish(user=self.user)
        self.touched.append(page.pk)

    def write_bulk(self, items, progress=None):
        from .bulk import BATCH, bulk_create_items

        for start in range(0, len(items), BATCH):
            batch = items[start : start + BATCH]
            self.touched += bulk_create_items(self, batch)
            self.result.created += len(batch)
            if progress:
                progress(len(batch))

    def _fill_fields(self, page, item):
        page.title = item.title
        page.department = self.departments[item.department]
        for name, value in item.fields.items():
            setattr(page, name, value)

    def _fill_relations(self, page, item, existing):
        page.themes = [self.themes[name] for name in item.themes]
        # Assigning a child list replaces the old rows when the revision is published; the
        # explicit sort_order keeps the file's order (Orderable sorts by it, NULLs have none).
        page.legal_bases = _rows(LegalBasis, item.legal_bases)
        # Materials keep their id when the name is unchanged: applicants' case files point at
        # them (online_apply), and a catalogue update must not orphan those uploads.
        material_ids = {m.name: m.pk for m in page.materials.all()} if existing else {}
        page.materials = [
            Material(pk=material_ids.pop(row["name"], None), sort_order=i, **row) for i, row in enumerate(item.materials)
        ]
        page.fee_items = _rows(FeeItem, item.fee_items)
        page.steps = _rows(ProcessStep, item.steps)
        page.special_steps = _rows(SpecialStep, item.special_steps)
        page.faqs = _rows(FAQ, item.faqs)
        prerequisite_ids = [self.existing_ids.get(code) for code in item.prerequisites]
        if all(prerequisite_ids):
            page.prerequisites = list(ServiceItemPage.objects.filter(pk__in=prerequisite_ids)) if prerequisite_ids else []
        else:
            self.deferred.append(item)  # names an item further down the file

    def _free_slug(self, code):
        """Slug from the code (unique already); suffixed if an editor took it for another page."""
        base = slugify(code) or "item"
        slug, n = base, 1
        while slug in self.taken_slugs:
            n += 1
            slug = f"{base}-{n}"
        self.taken_slugs.add(slug)
        return slug

    def link_deferred_prerequisites(self):
        """Second pass for items whose prerequisite was created later in the same file."""
        for item in self.deferred:
            page = ServiceItemPage.objects.get(item_code=item.code)
            page.prerequisites = list(ServiceItemPage.objects.filter(item_code__in=item.prerequisites))
            page.save_revision(user=self.user, clean=False).publish(user=self.user)


def _rows(model, rows):
    return [model(sort_order=i, **row) for i, row in enumerate(rows)]


def department_code(name):
    """A URL-safe code from the name's pinyin initials (县公安局 → xgaj), made unique."""
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore"))
    base = re.sub(r"[^a-z0-9-]", "", slugify(initials).lower())[:30] or "dept"
    code, n = base, 1
    while Department.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def _create_department(name):
    return Department.objects.create(name=name, code=department_code(name))


def _create_theme(name):
    slug, n = name, 1
    while Theme.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{name}-{n}"
    return Theme.objects.create(name=name, slug=slug)
