"""From a public page to its SearchDocument row.

What is searchable is declared once, in each page model's `search_fields`; a SearchField's
`group` says which public-search field its text feeds (ungrouped text is "body"). The
field names are shared with the Elasticsearch mapping and carry the boosts below: the item
name far above code, materials and conditions, which are above everything else.
"""

import logging

from django.db import transaction
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search import index

from .analysis import index_tokens, name_pinyin_tokens, normalize, pinyin_full, pinyin_initials
from .models import IndexChange, SearchDocument

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


def _value_text(obj, search_field):
    """One declared field's value as plain text (rich text and StreamField included)."""
    value = search_field.get_value(obj)
    try:
        model_field = obj._meta.get_field(search_field.field_name)
    except Exception:  # noqa: BLE001 - a search field may be a method or property, not a model field
        model_field = None
    if model_field is not None and hasattr(model_field, "get_searchable_content"):
        # SearchField.get_value has already turned rich text and StreamField values into their
        # searchable texts (a list); converting them a second time fails on StreamField.
        texts = value if isinstance(value, list | tuple) else [value]
        return " ".join(str(v) for v in texts if v is not None)
    text = str(value if value is not None else "")
    # A plain field's text is shown as typed (escaped by the highlighter); a method's
    # output may be markup.
    return text if model_field is not None else strip_tags(text)


def _related_objects(obj, related):
    value = related.get_value(obj)
    if value is None:
        return []
    if hasattr(value, "all"):
        return list(value.all())
    return [value() if callable(value) else value]


def _collect(obj, search_fields, parts, line=None):
    """Walk `search_fields`, adding each SearchField's text to parts[group]; the fields of
    one related row (a material: name and condition) make one line."""
    for search_field in search_fields:
        if isinstance(search_field, index.RelatedFields):
            for row in _related_objects(obj, search_field):
                row_line = {} if line is None else line
                _collect(row, search_field.fields, parts, row_line)
                if line is None:
                    for group, words in row_line.items():
                        parts.setdefault(group, []).append(" ".join(words))
        elif isinstance(search_field, index.SearchField):
            group = search_field.kwargs.get("group") or ("title" if search_field.field_name == "title" else "body")
            text = _value_text(obj, search_field).strip()
            if not text:
                continue
            if line is None:
                parts.setdefault(group, []).append(text)
            else:
                line.setdefault(group, []).append(text)


def field_texts(obj):
    """{group: text} of everything `obj`'s model declares in `search_fields` (the one place
    searchable fields are declared, docs/domain.md 中文搜索)."""
    parts = {}
    _collect(obj, type(obj).get_search_fields(), parts)
    return {group: "\n".join(texts) for group, texts in parts.items()}


class ItemDocument:
    """A ServiceItemPage (办事指南): its declared search fields, grouped as the model says."""

    kind = SearchDocument.KIND_ITEM

    def __init__(self, page):
        self.page = page

    def texts(self):
        texts = field_texts(self.page)
        texts["title"] = self.page.title
        return texts

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
    """Any other public page (notices, disclosure and standard pages, 一件事): its title,
    and everything else its page type declares in `search_fields` as body."""

    def __init__(self, page):
        self.page = page
        self.kind = {
            "bundlepage": SearchDocument.KIND_BUNDLE,
            "noticepage": SearchDocument.KIND_NOTICE,
        }.get(page._meta.model_name, SearchDocument.KIND_PAGE)

    def texts(self):
        declared = field_texts(self.page)
        declared.pop("title", None)
        body = _join(self.page.search_description, *declared.values())
        return {"title": self.page.title, "body": body}

    def facets(self):
        summary = getattr(self.page, "summary", "") or self.page.search_description or ""
        return {"summary": summary[:SUMMARY_LENGTH]}


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
    tokens = {}
    # Groups the public search does not weigh separately count as body text.
    texts = {}
    for group, text in doc_source.texts().items():
        name = group if group in FIELD_BOOSTS else "body"
        texts[name] = _join(texts.get(name), text)
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
            IndexChange.record([page.pk])
    return doc


def remove_page(page_id, bump=True):
    with transaction.atomic():
        deleted, _ = SearchDocument.objects.filter(page_id=page_id).delete()
        if bump:
            IndexChange.record([page_id])
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
        IndexChange.record(page_ids)
    return len(docs)
