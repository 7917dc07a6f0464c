"""The Elasticsearch backend (elasticsearch.dsl), same contract as the embedded one.

Documents carry the *pre-analysed* jieba tokens of each field in whitespace-analysed text
fields, so a cluster without Chinese plugins scores exactly the tokens the embedded index
does; the raw text goes into `<field>_text` sub-fields analysed with IK (ik_max_word) or
smartcn when the cluster reports the plugin (else `standard`), used for highlighting and
as an extra signal. Queries are analysed by search.analysis as for the embedded backend
(synonyms, pinyin, typo tolerance against the dictionary and synonym vocabulary of
search.vocabulary; this backend never builds the embedded index), then turned into a bool
query of groups.

Every network call has a timeout and no retries; a failure raises BackendUnavailable, the
service falls back to the embedded backend, and this backend stays "down" for a short
while so a dead cluster does not slow every request.
"""

import logging
import time
from datetime import UTC, datetime

from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers
from elasticsearch.dsl import Boolean, Document, Index, Integer, Keyword, Q, Search, Text
from elasticsearch.helpers import BulkIndexError

from ..analysis import analyze_query
from ..documents import FIELD_BOOSTS
from ..highlight import mark, snippet
from ..models import SearchDocument
from ..vocabulary import query_context
from .base import BackendUnavailable, Hit, SearchResult
from .embedded import TIE_BREAKER, WHOLE_TERM_WEIGHT

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT = 3  # seconds, for searches and single-document writes
BULK_TIMEOUT = 60
RETRY_AFTER = 30  # seconds during which a failed cluster is not asked again
PLUGIN_ANALYZERS = {"analysis-ik": "ik_max_word", "analysis-smartcn": "smartcn"}
TEXT_FIELDS = ("title", "materials", "conditions", "result", "body")
HIGHLIGHT_FIELDS = [f"{name}_text" for name in TEXT_FIELDS]
FACET_FIELDS = {
    "department": "department_code",
    "theme": "theme_slugs",
    "processing_kind": "processing_kind",
}
SOURCE_FIELDS = ["page_id", "kind", "title_raw", "url", "code", "department_name", *HIGHLIGHT_FIELDS]


def document_class(index_name, text_analyzer="standard"):
    """A Document class bound to `index_name`; raw-text fields use `text_analyzer`."""
    attrs = {
        "page_id": Integer(),
        "kind": Keyword(),
        "title_raw": Keyword(),
        "url": Keyword(index=False),
        "code": Keyword(),
        "department_code": Keyword(),
        "department_name": Keyword(),
        "theme_slugs": Keyword(multi=True),
        "serves_individuals": Boolean(),
        "serves_legal_persons": Boolean(),
        "item_type": Keyword(),
        "processing_kind": Keyword(),
        "is_online": Boolean(),
        "is_reservable": Boolean(),
        "is_charged": Boolean(),
        "visits": Integer(),
        "status": Keyword(),
        "pinyin_full": Keyword(),
        "pinyin_initials": Keyword(),
    }
    for name in FIELD_BOOSTS:
        # Pre-analysed jieba tokens: split on spaces, nothing else (norms kept for BM25).
        attrs[name] = Text(analyzer="whitespace")
    for name in TEXT_FIELDS:
        attrs[f"{name}_text"] = Text(analyzer=text_analyzer)
    attrs["Index"] = type("Index", (), {"name": index_name})
    return type("PortalSearchDocument", (Document,), attrs)


def to_source(doc):
    """The Elasticsearch _source of a SearchDocument row."""
    source = {
        "page_id": doc.page_id,
        "kind": doc.kind,
        "title_raw": doc.title,
        "url": doc.url,
        "code": doc.code,
        "department_code": doc.department_code,
        "department_name": doc.department_name,
        "theme_slugs": list(doc.theme_slugs or []),
        "serves_individuals": doc.serves_individuals,
        "serves_legal_persons": doc.serves_legal_persons,
        "item_type": doc.item_type,
        "processing_kind": doc.processing_kind,
        "is_online": doc.is_online,
        "is_reservable": doc.is_reservable,
        "is_charged": doc.is_charged,
        "visits": doc.visits,
        "status": doc.status,
        "pinyin_full": doc.pinyin_full,
        "pinyin_initials": doc.pinyin_initials,
    }
    for name in FIELD_BOOSTS:
        source[name] = doc.tokens.get(name, "")
    for name in TEXT_FIELDS:
        source[f"{name}_text"] = doc.texts.get(name, "")
    return source


# -- query bodies ----------------------------------------------------------------------

def filter_query(name, value):
    """One catalogue filter (guides.filters names) as an Elasticsearch query."""
    if name in FACET_FIELDS:
        return Q("term", **{FACET_FIELDS[name]: value})
    if name == "audience":
        return Q("term", serves_legal_persons=True) if value == "法人" else Q("term", serves_individuals=True)
    if name == "item_type":
        return Q("term", item_type=value)
    if name == "online":
        return Q("term", kind=SearchDocument.KIND_ITEM) & Q("term", is_online=value == "yes")
    if name == "reservable":
        return Q("term", kind=SearchDocument.KIND_ITEM) & Q("term", is_reservable=value == "yes")
    if name == "fee":
        return Q("term", kind=SearchDocument.KIND_ITEM) & Q("term", is_charged=value == "charged")
    if name == "max_visits":
        return Q("range", visits={"gte": 0, "lte": int(value)})
    if name == "status":
        return Q("match_all") if value == "all" else Q("term", status=value)
    raise ValueError(f"unknown filter {name}")


def scope_query(filters, skip=None):
    """All filters but `skip`; cancelled items hidden unless a status is asked for."""
    clauses = [filter_query(name, value) for name, value in filters.items() if name != skip]
    must_not = [] if "status" in filters else [Q("term", status="已取消")]
    return Q("bool", filter=clauses, must_not=must_not)


def _alternative(term, weight):
    """One alternative term over every token field, best field + tie-breaker × the others
    (the embedded backend's scoring), weighted by how sure we are of the alternative."""
    fields = [f"{name}^{boost:g}" for name, boost in FIELD_BOOSTS.items()]
    return Q("multi_match", query=term, fields=fields, type="best_fields", tie_breaker=TIE_BREAKER,
             analyzer="whitespace", boost=round(weight, 3))


def text_query(analyzed, stage=0, text_analyzer=None):
    """The scoring query for an analysed query at a matching stage (see
    EmbeddedBackend.match_stages): 0 = every concept by whole word or synonym, 1 = every
    concept, sub-words allowed, 2 = half of the concepts."""
    strong, weak = [], []
    for group in analyzed.groups:
        whole = [_alternative(t, w) for t, w in group.terms.items() if w >= WHOLE_TERM_WEIGHT]
        parts = [_alternative(t, w) for t, w in group.terms.items() if w < WHOLE_TERM_WEIGHT]
        if not group.strong:
            weak.extend(whole + parts)
            continue
        if stage == 0:
            strong.append(Q("bool", should=whole, minimum_should_match=1))
            weak.extend(parts)
        else:
            strong.append(Q("bool", should=whole + parts, minimum_should_match=1))
    if text_analyzer:
        # The cluster can segment Chinese itself: a small extra signal from its analyzer.
        weak.append(Q("multi_match", query=analyzed.text, fields=["title_text^3", "body_text"], boost=0.5))
    if not strong:
        return Q("bool", should=weak, minimum_should_match=1)
    msm = analyzed.minimum_should_match(relaxed=stage >= 2)
    return Q("bool", must=[Q("bool", should=strong, minimum_should_match=msm)], should=weak)


def build_search(index, analyzed, filters, page=1, per_page=10, stage=0, text_analyzer=None):
    """The complete request: scored query (with the status scope), post_filter for the
    active filters, one filtered aggregation per facet (counted under the other
    filters), highlighting and paging."""
    base = text_query(analyzed, stage=stage, text_analyzer=text_analyzer)
    search = Search(index=index).query(base).post_filter(scope_query(filters))
    for name, field in FACET_FIELDS.items():
        search.aggs.bucket(name, "filter", filter=scope_query(filters, skip=name)).bucket(
            "values", "terms", field=field, size=100
        )
    audience = search.aggs.bucket("audience", "filter", filter=scope_query(filters, skip="audience"))
    audience.bucket("individual", "filter", filter=Q("term", serves_individuals=True))
    audience.bucket("legal", "filter", filter=Q("term", serves_legal_persons=True))
    online = search.aggs.bucket(
        "online", "filter", filter=scope_query(filters, skip="online") & Q("term", kind=SearchDocument.KIND_ITEM)
    )
    online.bucket("values", "terms", field="is_online", size=2)
    terms = analyzed.highlight_terms
    if terms:
        highlight_query = Q("bool", should=[Q("match_phrase", **{f: t}) for f in HIGHLIGHT_FIELDS for t in terms])
        search = search.highlight(*HIGHLIGHT_FIELDS, fragment_size=90, number_of_fragments=1)
        search = search.highlight_options(
            pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html", highlight_query=highlight_query.to_dict()
        )
    offset = (page - 1) * per_page
    search = search.source(SOURCE_FIELDS).extra(track_total_hits=True, timeout=f"{REQUEST_TIMEOUT}s")
    return search.sort("_score", "page_id")[offset:offset + per_page]


def escape_wildcard(text):
    """User text is literal inside a wildcard query: a typed * or ? must not become a pattern
    that makes the cluster scan every term."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")


def build_autocomplete(index, text, limit=8):
    kinds = Q("terms", kind=[SearchDocument.KIND_ITEM, SearchDocument.KIND_BUNDLE])
    if text.isascii():
        match = Q("bool", should=[
            Q("prefix", pinyin_initials={"value": text, "boost": 3}),
            Q("prefix", pinyin_full={"value": text, "boost": 2}),
            Q("wildcard", code={"value": f"*{escape_wildcard(text.upper())}*", "case_insensitive": True}),
        ], minimum_should_match=1)
    else:
        match = Q("match_phrase", title_text=text)
    return Search(index=index).query(Q("bool", must=[match], filter=[kinds])).source(
        ["title_raw", "url", "code"]
    )[:limit]


def facet_counts(aggs):
    """{facet: {value: count}} from an aggregations response dict."""
    counts = {name: {b["key"]: b["doc_count"] for b in aggs[name]["values"]["buckets"] if b["doc_count"]}
              for name in FACET_FIELDS}
    counts["audience"] = {"自然人": aggs["audience"]["individual"]["doc_count"],
                          "法人": aggs["audience"]["legal"]["doc_count"]}
    online = {str(b.get("key_as_string", b["key"])).lower(): b["doc_count"] for b in aggs["online"]["values"]["buckets"]}
    counts["online"] = {"yes": online.get("true", online.get("1", 0)), "no": online.get("false", online.get("0", 0))}
    return counts


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url, prefix="portal"):
        self.url = url
        self.alias = f"{prefix}-search"
        self.prefix = prefix
        self.client = Elasticsearch(url, request_timeout=REQUEST_TIMEOUT, max_retries=0, retry_on_timeout=False)
        self._down_until = 0.0
        self._text_analyzer = None
        self._alias_seen = False

    # -- helpers ------------------------------------------------------------------------
    def _call(self, func, *args, **kwargs):
        if time.monotonic() < self._down_until:
            raise BackendUnavailable("Elasticsearch 最近一次连接失败，暂不重试")
        try:
            return func(*args, **kwargs)
        except TransportError as exc:
            # Unreachable or timed out: stop asking for a while.
            self._down_until = time.monotonic() + RETRY_AFTER
            raise BackendUnavailable(f"{type(exc).__name__}: {exc}") from exc
        except (ApiError, BulkIndexError) as exc:
            raise BackendUnavailable(f"{type(exc).__name__}: {exc}") from exc

    def text_analyzer(self):
        """ik_max_word / smartcn when the cluster has the plugin, else None (standard)."""
        if self._text_analyzer is None:
            plugins = self._call(self.client.cat.plugins, format="json")
            names = {row.get("component") for row in plugins}
            self._text_analyzer = next((a for p, a in PLUGIN_ANALYZERS.items() if p in names), "")
        return self._text_analyzer or None

    # -- the contract -----------------------------------------------------------------
    def search(self, request):
        # Analysed with the synonym table and the dictionary vocabulary only: this path never
        # builds or holds the embedded index (issue 8).
        vocabulary, synonyms = query_context()
        analyzed = analyze_query(request.q, vocabulary, synonyms)
        if not analyzed.groups:
            return SearchResult(count=0, hits=[], facets={}, page=request.page, per_page=request.per_page,
                                backend=self.name)
        analyzer = self.text_analyzer()
        # The embedded backend's stages: none without a strong concept; the half-of-the-
        # concepts stage only when that is fewer than all of them.
        if not analyzed.strong_count:
            last_stage = 0
        elif analyzed.minimum_should_match(relaxed=True) < analyzed.minimum_should_match():
            last_stage = 2
        else:
            last_stage = 1
        for stage in range(last_stage + 1):
            body = build_search(self.alias, analyzed, request.filters, request.page, request.per_page,
                                stage=stage, text_analyzer=analyzer).to_dict()
            response = self._call(self.client.search, index=self.alias, body=body)
            if response["hits"]["total"]["value"]:
                break
        return self._result(response, analyzed, request)

    def _result(self, response, analyzed, request):
        terms = analyzed.highlight_terms
        hits = []
        for raw in response["hits"]["hits"]:
            source = raw["_source"]
            texts = {name: source.get(f"{name}_text", "") for name in TEXT_FIELDS}
            fragments = [f for name in HIGHLIGHT_FIELDS[1:] for f in raw.get("highlight", {}).get(name, [])]
            hits.append(Hit(
                page_id=source["page_id"],
                kind=source["kind"],
                title=source["title_raw"],
                url=source["url"],
                code=source.get("code", ""),
                department=source.get("department_name", ""),
                # ES's html encoder escapes the text; our own highlighter is the fallback.
                highlight=fragments[0] if fragments else snippet(texts, terms),
                title_highlight=mark(source["title_raw"], terms),
                score=raw.get("_score") or 0.0,
            ))
        return SearchResult(
            count=response["hits"]["total"]["value"],
            hits=hits,
            facets=facet_counts(response.get("aggregations", {})) if response.get("aggregations") else {},
            page=request.page,
            per_page=request.per_page,
            terms=terms,
            corrections=analyzed.corrections,
            backend=self.name,
        )

    def autocomplete(self, q, limit=8):
        text = (q or "").strip().lower()
        if not text:
            return []
        body = build_autocomplete(self.alias, text, limit).to_dict()
        response = self._call(self.client.search, index=self.alias, body=body)
        return [{"name": h["_source"]["title_raw"], "url": h["_source"]["url"], "code": h["_source"].get("code", "")}
                for h in response["hits"]["hits"]]

    # -- writing ------------------------------------------------------------------------
    def sync_page(self, page_id, doc):
        """Index or delete one page; a failure is logged (the nightly rebuild repairs it)."""
        try:
            # Writing to a missing alias would auto-create a concrete index of that name
            # and block the first rebuild's alias: wait for rebuild_search_index instead.
            if not self._alias_exists():
                logger.warning("Elasticsearch 别名 %s 尚不存在，请先运行 rebuild_search_index", self.alias)
                return
            if doc is None:
                self._call(self.client.delete, index=self.alias, id=page_id, refresh=True)
            else:
                self._call(self.client.index, index=self.alias, id=page_id, document=to_source(doc), refresh=True)
        except BackendUnavailable as exc:
            if not isinstance(exc.__cause__, NotFoundError):
                logger.warning("Elasticsearch 索引同步失败（页面 %s）：%s", page_id, exc)

    def _alias_exists(self):
        if not self._alias_seen:
            self._alias_seen = bool(self._call(self.client.indices.exists_alias, name=self.alias))
        return self._alias_seen

    def rebuild(self, progress=False):
        """Write a new timestamped index, then point the alias at it in one atomic action
        and drop the old indices: searches never see a half-built index."""
        from tqdm import tqdm

        name = f"{self.alias}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"
        doc_class = document_class(name, self.text_analyzer() or "standard")
        index = Index(name)
        index.document(doc_class)
        index.settings(number_of_shards=1, number_of_replicas=0)
        self._call(index.create, using=self.client)
        rows = SearchDocument.objects.order_by("page_id")
        bar = tqdm(total=rows.count(), desc="Elasticsearch", unit="页", disable=not progress)
        actions = ({"_index": name, "_id": doc.page_id, "_source": to_source(doc)} for doc in rows.iterator())

        def bulk():
            for _ok, _info in helpers.streaming_bulk(self.client.options(request_timeout=BULK_TIMEOUT), actions,
                                                     chunk_size=500, raise_on_error=True):
                bar.update(1)
            bar.close()

        self._call(bulk)
        self._call(self.client.indices.refresh, index=name)
        exists = self._call(self.client.indices.exists_alias, name=self.alias)
        old = list(self._call(self.client.indices.get_alias, name=self.alias)) if exists else []
        actions = [{"remove": {"index": o, "alias": self.alias}} for o in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self._call(self.client.indices.update_aliases, actions=actions)
        for old_index in old:
            self._call(self.client.indices.delete, index=old_index)
        self._alias_seen = True
        return name
