"""The one query interface every search surface uses (page, JSON API, autocomplete).

`run_search` picks the backend from settings (Elasticsearch when ELASTICSEARCH_URL is
set, else the embedded index), falls back to the embedded backend with a logged warning
when Elasticsearch cannot answer, and returns the same SearchResult either way. Facet
labels, "did you mean", suggestions and promotions are added here once, for every backend.
"""

import logging
import threading

from django.conf import settings
from rapidfuzz import fuzz, process
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from guides.models import Department, ProcessingKind, Theme

from .analysis import analyze_query, normalize
from .backends.base import FACET_LABELS, FACET_NAMES, BackendUnavailable, SearchRequest, SearchResult
from .backends.embedded import EmbeddedBackend
from .models import SearchDocument
from .vocabulary import query_context

logger = logging.getLogger(__name__)

_es_lock = threading.Lock()
_es_backend = None


def embedded_backend():
    return EmbeddedBackend()


def configured_backend():
    """The backend named by the settings (Elasticsearch if configured)."""
    global _es_backend
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        return embedded_backend()
    with _es_lock:
        if _es_backend is None or _es_backend.url != url:
            from .backends.elasticsearch import ElasticsearchBackend

            _es_backend = ElasticsearchBackend(url, prefix=settings.ELASTICSEARCH_INDEX_PREFIX)
        return _es_backend


def run_search(search_request: SearchRequest) -> SearchResult:
    backend = configured_backend()
    if backend.name != EmbeddedBackend.name:
        try:
            return backend.search(search_request)
        except BackendUnavailable as exc:
            logger.warning("Elasticsearch 不可用，改用内置搜索：%s", exc)
    return embedded_backend().search(search_request)


def autocomplete(q, limit=8):
    backend = configured_backend()
    if backend.name != EmbeddedBackend.name:
        try:
            return backend.autocomplete(q, limit=limit)
        except BackendUnavailable as exc:
            logger.warning("Elasticsearch 不可用，自动补全改用内置索引：%s", exc)
    return embedded_backend().autocomplete(q, limit=limit)


def facet_options(counts, filters):
    """[{name, label, options: [{value, label, count, selected}]}] in a stable order, with
    department and theme names from their tables; options with no hits are left out unless
    selected, so a citizen never picks a dead end."""
    # Dicts keep the tables' own order (and the choices' order), which is the display order.
    labels = {
        "department": dict(Department.objects.values_list("code", "name")),
        "theme": dict(Theme.objects.values_list("slug", "name")),
        "audience": {"自然人": "自然人", "法人": "法人"},
        "processing_kind": dict(ProcessingKind.choices),
        "online": {"yes": "可网上办理", "no": "需到现场办理"},
    }
    facets = []
    for name in FACET_NAMES:
        values = counts.get(name, {})
        selected = str(filters.get(name, ""))
        keys = list(labels[name])
        options = [
            {"value": key, "label": labels[name].get(key, key), "count": values.get(key, 0), "selected": key == selected}
            for key in keys
            if values.get(key, 0) or key == selected
        ]
        facets.append({"name": name, "label": FACET_LABELS[name], "options": options})
    return facets


def promotion_queries(q):
    """The query strings whose promotions apply to `q`: the query itself and, when the query
    is a synonym, the rest of its group (a promotion for 身份证 also answers 二代证)."""
    query_string = normalise_query_string(q or "")
    if not query_string:
        return []
    _vocabulary, synonyms = query_context()
    others = synonyms.by_term.get(normalize(q).replace(" ", ""), set())
    return [query_string, *sorted(normalise_query_string(term) for term in others if term != query_string)]


def promotions(q):
    """Editors' promoted results (wagtail.contrib.search_promotions) for this query."""
    wanted = promotion_queries(q)
    if not wanted:
        return []
    picks = SearchPromotion.objects.filter(query__query_string__in=wanted).select_related("page")
    return [
        {"title": pick.title, "url": pick.link, "description": pick.description}
        for pick in picks.order_by("sort_order")
        if pick.page_id is None or pick.page.live
    ]


def did_you_mean(q, result):
    """A better query when nothing matched: the spelling-corrected query, else the
    closest item name (rapidfuzz partial ratio)."""
    if result.count or not (q or "").strip():
        return ""
    if result.backend == EmbeddedBackend.name:
        backend = embedded_backend()
        analyzed, titles = backend.analyze(q), backend.item_titles
    else:
        # Elasticsearch answered: correct against the dictionary and the item names in the
        # database, without building the embedded index.
        vocabulary, synonyms = query_context()
        analyzed = analyze_query(q, vocabulary, synonyms)

        def titles():
            return list(SearchDocument.objects.filter(kind=SearchDocument.KIND_ITEM).values_list("title", flat=True))
    text = analyzed.text
    for wrong, right in analyzed.corrections:
        text = text.replace(wrong, right)
    if text != analyzed.text:
        return text
    best = process.extractOne(analyzed.text, titles(), scorer=fuzz.partial_ratio, score_cutoff=60)
    return best[0] if best else ""
