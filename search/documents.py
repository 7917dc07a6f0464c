"""From a public page to its SearchDocument row: one `prepare_<field>` per field.

Field names are shared with the Elasticsearch mapping and carry the boosts below: the
item name far above code, materials and conditions, which are above everything else.
"""

import logging

from django.db import transaction
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search import index

from .analysis import index_tokens, name_pinyin_tokens, normalize, pinyin_full, pinyin_initials
from .models import IndexState, SearchDocument

logger = logging.getLogger(__name__)

# Field → boost (name ≫ code/materials/conditions ≫ the rest).
FIELD_BOOSTS = {
    "title": 10.0,
    "pinyin": 6.0,
    "code": 20.0,
    "materials": 3.0,
    "conditions": 3.0,
    "result": 12.0,
    "department": 2.0,
    "themes": 2.0,
    "body": 1.0,
}
SUMMARY_LENGTH = 300


def _join(*parts):
    return "\n".join(p for p in (str(part or "").strip() for part in parts) if p)


class ItemDocument:
    """Fields of a ServiceItemPage (办事指南): everything a citizen looks for."""

    kind = SearchDocument.KIND_ITEM

    def __init__(self, page):
        self.page = page

    def prepare_title(self):
        return self.page.title

    def prepare_code(self):
        return self.page.item_code

    def prepare_materials(self):
        return _join(*(f"{m.name} {m.condition}" for m in self.page.materials.all()))

    def prepare_conditions(self):
        return _join(self.page.conditions, self.page.quantity_limit)

    def prepare_result(self):
        # 办理结果: someone searching 营业执照 wants the item that issues it.
        return self.page.result_name

    def prepare_department(self):
        return self.page.department.name

    def prepare_themes(self):
        return " ".join(t.name for t in self.page.themes.all())

    def prepare_body(self):
        page = self.page
        return _join(
            page.summary,
            *(f"{f.name} {f.amount}{f.unit}" for f in page.fee_items.all()),
            page.fee_basis,
            *(f"{b.law_name}{b.article} {b.excerpt}" for b in page.legal_bases.all()),
            *(f"{s.title} {s.description}" for s in page.steps.all()),
            *(f"{q.question} {q.answer}" for q in page.faqs.all()),
            page.notes,
            page.location,
        )

    def facets(self):
        page = self.page
        return {
            "code": page.item_code,
            "department_code": page.department.code,
            "department_name": page.department.name,
            "theme_slugs": [t.slug for t in page.themes.all()],
            "serves_individuals": page.serves_individuals,
            "serves_legal_persons": page.serves_legal_persons,
            "item_type": page.item_type,
            "processing_kind": page.processing_kind,
            "is_online": page.is_online,
            "is_reservable": page.is_reservable,
            "is_charged": page.is_charged,
            "visits": page.visits,
            "status": page.status,
            "summary": (page.summary or page.conditions or "")[:SUMMARY_LENGTH],
        }


class PageDocument:
    """Any other public page (notices, disclosure and standard pages, 一件事): title plus
    the values of the page type's own Wagtail `search_fields`."""

    def __init__(self, page):
        self.page = page
        self.kind = {
            "bundlepage": SearchDocument.KIND_BUNDLE,
            "noticepage": SearchDocument.KIND_NOTICE,
        }.get(page._meta.model_name, SearchDocument.KIND_PAGE)

    def prepare_title(self):
        return self.page.title

    def prepare_body(self):
        parts = [self.page.search_description]
        for search_field in self.page.search_fields:
            if not isinstance(search_field, index.SearchField) or search_field.field_name == "title":
                continue
            parts.append(_field_text(self.page, search_field.field_name))
        if self.kind == SearchDocument.KIND_BUNDLE:
            parts.extend(member.item.title for member in self.page.members.select_related("item"))
        return _join(*parts)

    def facets(self):
        summary = getattr(self.page, "summary", "") or self.page.search_description or ""
        return {"summary": summary[:SUMMARY_LENGTH]}


def _field_text(page, name):
    value = getattr(page, name, "")
    if callable(value):
        value = value()
    try:
        model_field = page._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a search field may be a method, not a model field
        model_field = None
    if model_field is not None and hasattr(model_field, "get_searchable_content"):
        return " ".join(str(v) for v in model_field.get_searchable_content(value))
    return strip_tags(str(value or ""))


def document_for(page):
    from guides.models import ServiceItemPage

    page = page.specific
    if isinstance(page, ServiceItemPage):
        return ItemDocument(page)
    return PageDocument(page)


def is_searchable(page):
    """Live, public pages below the home page; the home page and private pages are not."""
    if not page.live or page.depth <= 2:
        return False
    if page.specific_class is None or page.specific_class.__name__ == "HomePage":
        return False
    return not page.get_view_restrictions().exists()


def build_document(page):
    """An unsaved SearchDocument for `page` (fields analysed with search.analysis)."""
    doc_source = document_for(page)
    texts, tokens = {}, {}
    for field_name in FIELD_BOOSTS:
        prepare = getattr(doc_source, f"prepare_{field_name}", None)
        if prepare is None:
            continue
        texts[field_name] = prepare() or ""
    if texts.get("code"):
        tokens["code"] = f"code:{normalize(texts['code'])}"
    for field_name, text in texts.items():
        if field_name != "code":
            tokens[field_name] = " ".join(index_tokens(text))
    title = texts["title"]
    if doc_source.kind == SearchDocument.KIND_ITEM:
        tokens["pinyin"] = " ".join(f"py:{tok}" for tok in name_pinyin_tokens(title))
    page = doc_source.page
    return SearchDocument(
        page_id=page.pk,
        kind=doc_source.kind,
        content_type=page._meta.label_lower,
        title=title[:255],
        url=page.get_url() or page.url_path,
        texts=texts,
        tokens=tokens,
        pinyin_full=pinyin_full(title)[:500],
        pinyin_initials=pinyin_initials(title)[:100],
        **doc_source.facets(),
    )


def index_page(page, bump=True):
    """Write (or remove) the page's document; returns the document or None."""
    with transaction.atomic():
        if not is_searchable(page):
            SearchDocument.objects.filter(page_id=page.pk).delete()
            doc = None
        else:
            doc = build_document(page)
            doc.save()
        if bump:
            IndexState.bump(IndexState.DOCUMENTS)
    return doc


def remove_page(page_id, bump=True):
    deleted, _ = SearchDocument.objects.filter(page_id=page_id).delete()
    if bump:
        IndexState.bump(IndexState.DOCUMENTS)
    return deleted


ITEM_PREFETCH = ("materials", "fee_items", "legal_bases", "steps", "faqs", "themes")


def searchable_pages():
    """Every page to index, items first with their rows prefetched (a rebuild of 10,000
    items would otherwise spend most of its time on per-item queries)."""
    from guides.models import ServiceItemPage

    items = (
        ServiceItemPage.objects.live().public().select_related("department").prefetch_related(*ITEM_PREFETCH)
        .order_by("path")
    )
    yield from items.iterator(chunk_size=500)
    others = (
        Page.objects.live().public().filter(depth__gt=2).not_type(ServiceItemPage)
        .exclude(content_type__model="homepage").specific().order_by("path")
    )
    yield from others.iterator(chunk_size=500)


def count_searchable_pages():
    return Page.objects.live().public().filter(depth__gt=2).exclude(content_type__model="homepage").count()


def reindex_pages(page_ids):
    """Index many pages at once (one version bump), for writers that bypass publish()'s
    signals, e.g. the catalogue's batched import: `reindex_pages(created_ids)`."""
    page_ids = list(page_ids)
    with transaction.atomic():
        SearchDocument.objects.filter(page_id__in=page_ids).delete()
        docs = [build_document(page) for page in Page.objects.filter(pk__in=page_ids).specific() if is_searchable(page)]
        SearchDocument.objects.bulk_create(docs, batch_size=500)
        IndexState.bump(IndexState.DOCUMENTS)
    return len(docs)
