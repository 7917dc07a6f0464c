"""The embedded backend: an inverted index we own, needing no search server.

Why this shape: the SearchDocument table is the durable copy (works on SQLite and
PostgreSQL, survives restarts, fed by the publish signals). Each web process keeps an
in-memory inverted index built from it: term → (numpy array of document positions,
numpy array of precomputed BM25 contributions). A query then costs a handful of vectorised
additions, whatever the catalogue size, and facet counts are numpy bincounts. The index
is rebuilt lazily when IndexState's version differs from the one it was built at.

Scoring is per-field BM25 summed with field boosts (search.documents.FIELD_BOOSTS), so a
hit in the item name outweighs one in the materials, which outweighs one in the FAQ.
"""

import logging
import math
import threading
from array import array
from collections import Counter
from urllib.parse import quote

import numpy as np

from ..analysis import SynonymTable, Vocabulary, analyze_query, dictionary_words, normalize
from ..documents import FIELD_BOOSTS
from ..highlight import mark, snippet
from ..models import IndexState, SearchDocument, Synonym
from .base import Hit, SearchResult

logger = logging.getLogger(__name__)

K1 = 1.2
B = 0.75
TIE_BREAKER = 0.3
# Alternatives at or above this weight are whole words, synonyms or corrections (not sub-words).
WHOLE_TERM_WEIGHT = 0.5
TITLE_PHRASE_BONUS = 1.5
RERANK_WINDOW = 50
FIRST_TIME_WORDS = ("新办", "首次", "设立", "申领")
FIRST_TIME_PRIOR = 1.1
# Indexes at least this big are rebuilt in a background thread (see EmbeddedBackend._refresh).
BACKGROUND_REBUILD_SIZE = 20_000
CANCELLED = "已取消"
YES = "yes"

ROW_FIELDS = (
    "page_id", "kind", "department_code", "theme_slugs", "serves_individuals", "serves_legal_persons",
    "item_type", "processing_kind", "is_online", "is_reservable", "is_charged", "visits", "status",
    "title", "pinyin_full", "pinyin_initials", "url", "code", "department_name",
)


class _Codes:
    """Small string ↔ integer code table for a facet column."""

    def __init__(self):
        self.values = []
        self.index = {}

    def code(self, value):
        if value in (None, ""):
            return -1
        if value not in self.index:
            self.index[value] = len(self.values)
            self.values.append(value)
        return self.index[value]


class InMemoryIndex:
    """An immutable snapshot of the SearchDocument table, built once per version."""

    def __init__(self, version=None):
        self.version = version
        self.build()

    # -- building --------------------------------------------------------------------
    def build(self):
        columns = {name: [] for name in ROW_FIELDS}
        lengths = {name: [] for name in FIELD_BOOSTS}
        rows = SearchDocument.objects.order_by("page_id").values_list(*ROW_FIELDS, "tokens")
        self.depts, self.themes_codes, self.kinds = _Codes(), _Codes(), _Codes()
        self.item_types, self.statuses = _Codes(), _Codes()
        # Pass 1: facet columns and field lengths (BM25 needs the average length first).
        for row in rows.iterator(chunk_size=2000):
            values = dict(zip(ROW_FIELDS, row[:-1], strict=True))
            for name in ROW_FIELDS:
                columns[name].append(values[name])
            tokens = row[-1]
            for name in FIELD_BOOSTS:
                text = tokens.get(name, "")
                lengths[name].append(text.count(" ") + 1 if text else 0)
        self.size = n = len(columns["page_id"])
        self.avg_length = {name: (sum(v) / n if n else 0) or 1.0 for name, v in lengths.items()}
        self._build_columns(columns)
        # Pass 2: postings.
        doc_lists, val_lists = {}, {}
        for position, row in enumerate(SearchDocument.objects.order_by("page_id").values_list("tokens", flat=True).iterator(chunk_size=2000)):
            contributions = self._document_contributions(row, position, lengths)
            for term, value in contributions.items():
                if term not in doc_lists:
                    doc_lists[term] = array("i")
                    val_lists[term] = array("f")
                doc_lists[term].append(position)
                val_lists[term].append(value)
        self.postings = {}
        doc_freq = {}
        for term, ids in doc_lists.items():
            df = len(ids)
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            values = np.frombuffer(val_lists[term], dtype=np.float32) * idf
            self.postings[term] = (np.frombuffer(ids, dtype=np.int32), values)
            doc_freq[term] = df
        self.doc_freq = doc_freq
        self._vocabulary = None

    def _document_contributions(self, tokens, position, lengths):
        """Per term: the best field's boosted BM25 plus TIE_BREAKER × the other fields'
        (Elasticsearch's best_fields with tie_breaker), so an item whose *name* or
        *result* matches is not outscored by one that merely mentions the term often."""
        best, total = {}, {}
        for name, boost in FIELD_BOOSTS.items():
            text = tokens.get(name)
            if not text:
                continue
            norm = K1 * (1 - B + B * lengths[name][position] / self.avg_length[name])
            for term, tf in Counter(text.split(" ")).items():
                value = boost * tf * (K1 + 1) / (tf + norm)
                total[term] = total.get(term, 0.0) + value
                if value > best.get(term, 0.0):
                    best[term] = value
        return {term: best[term] + TIE_BREAKER * (total[term] - best[term]) for term in total}

    def _build_columns(self, c):
        n = self.size
        self.page_ids = np.array(c["page_id"], dtype=np.int64)
        self.position_of = {pid: i for i, pid in enumerate(c["page_id"])}
        self.is_item = np.array([k == SearchDocument.KIND_ITEM for k in c["kind"]], dtype=bool)
        self.kind = c["kind"]
        self.dept = np.array([self.depts.code(v) for v in c["department_code"]], dtype=np.int32)
        theme_rows = [[self.themes_codes.code(s) for s in (slugs or [])] for slugs in c["theme_slugs"]]
        self.themes = np.zeros((n, max(1, len(self.themes_codes.values))), dtype=bool)
        for i, codes in enumerate(theme_rows):
            self.themes[i, codes] = True
        self.individual = np.array(c["serves_individuals"], dtype=bool)
        self.legal = np.array(c["serves_legal_persons"], dtype=bool)
        self.item_type = np.array([self.item_types.code(v) for v in c["item_type"]], dtype=np.int32)
        self.kind_code = np.array([self.kinds.code(v) for v in c["processing_kind"]], dtype=np.int32)
        self.online = np.array(c["is_online"], dtype=bool)
        self.reservable = np.array(c["is_reservable"], dtype=bool)
        self.charged = np.array(c["is_charged"], dtype=bool)
        self.visits = np.array([-1 if v is None else v for v in c["visits"]], dtype=np.int32)
        self.status = np.array([self.statuses.code(v) for v in c["status"]], dtype=np.int32)
        self.titles = c["title"]
        self.norm_titles = [normalize(t) for t in c["title"]]
        self.pinyin_full = c["pinyin_full"]
        self.pinyin_initials = c["pinyin_initials"]
        self.urls = c["url"]
        self.codes = c["code"]
        self.department_names = c["department_name"]

    def vocabulary(self, synonyms):
        """The vocabulary for this synonym table, rebuilt when an edit replaced the table
        (a new synonym's words are typo and pinyin targets at once)."""
        cached = self._vocabulary
        if cached is None or cached[0] is not synonyms:
            extra = list(dictionary_words()) + [t for group in synonyms.groups for t in group]
            cached = self._vocabulary = (synonyms, Vocabulary(self.doc_freq, extra_terms=extra))
        return cached[1]

    # -- filtering -------------------------------------------------------------------
    def _value_mask(self, codes, table, value):
        code = table.index.get(value)
        if code is None:
            return np.zeros(self.size, dtype=bool)
        return codes == code

    def filter_mask(self, name, value):
        """Documents satisfying one catalogue filter (the names of guides.filters)."""
        if name == "department":
            return self._value_mask(self.dept, self.depts, value)
        if name == "theme":
            code = self.themes_codes.index.get(value)
            return self.themes[:, code].copy() if code is not None else np.zeros(self.size, dtype=bool)
        if name == "audience":
            return self.legal.copy() if value == "法人" else self.individual.copy()
        if name == "item_type":
            return self._value_mask(self.item_type, self.item_types, value)
        if name == "processing_kind":
            return self._value_mask(self.kind_code, self.kinds, value)
        if name == "online":
            return self.is_item & (self.online == (value == YES))
        if name == "reservable":
            return self.is_item & (self.reservable == (value == YES))
        if name == "fee":
            return self.is_item & (self.charged == (value == "charged"))
        if name == "max_visits":
            return self.is_item & (self.visits >= 0) & (self.visits <= int(value))
        if name == "status":
            if value == "all":
                return np.ones(self.size, dtype=bool)
            return self._value_mask(self.status, self.statuses, value)
        raise ValueError(f"unknown filter {name}")

    def scope_mask(self, filters, skip=None):
        """All active filters but `skip`; cancelled items stay hidden unless asked for, and
        any item filter leaves the non-item pages out."""
        mask = np.ones(self.size, dtype=bool)
        if "status" not in filters:
            cancelled = self.statuses.index.get(CANCELLED)
            if cancelled is not None:
                mask &= self.status != cancelled
        for name, value in filters.items():
            if name != skip:
                mask &= self.filter_mask(name, value)
        return mask

    # -- scoring ---------------------------------------------------------------------
    def score(self, analyzed):
        """(scores, strong groups each document matched with a whole word or synonym,
        strong groups matched with anything, sub-words included)."""
        n = self.size
        scores = np.zeros(n, dtype=np.float64)
        exact_hits = np.zeros(n, dtype=np.int16)
        loose_hits = np.zeros(n, dtype=np.int16)
        for group in analyzed.groups:
            exact = np.zeros(n, dtype=bool)
            loose = np.zeros(n, dtype=bool)
            for term, weight in group.terms.items():
                posting = self.postings.get(term)
                if posting is None:
                    continue
                ids, values = posting
                scores[ids] += weight * values
                loose[ids] = True
                if weight >= WHOLE_TERM_WEIGHT:
                    exact[ids] = True
            if group.strong:
                exact_hits += exact
                loose_hits += loose
        return scores, (exact_hits, loose_hits)

    @staticmethod
    def match_stages(analyzed, scores, hits):
        """Ever looser definitions of "matches the query", tried in turn until one finds
        something: every concept as a whole word or synonym; every concept, sub-words
        allowed; half of the concepts."""
        if not analyzed.strong_count:
            yield scores > 0
            return
        exact_hits, loose_hits = hits
        every, half = analyzed.minimum_should_match(), analyzed.minimum_should_match(relaxed=True)
        positive = scores > 0
        yield (exact_hits >= every) & positive
        yield (loose_hits >= every) & positive
        if half < every:
            yield (loose_hits >= half) & positive

    def facet_counts(self, matched, filters):
        """{facet: {value: count}}, each counted under every other active filter."""

        def under(name):
            return matched & self.scope_mask(filters, skip=name)

        facets = {}
        mask = under("department")
        counts = np.bincount(self.dept[mask & (self.dept >= 0)], minlength=len(self.depts.values))
        facets["department"] = {v: int(counts[i]) for i, v in enumerate(self.depts.values) if counts[i]}
        mask = under("theme")
        counts = self.themes[mask].sum(axis=0)
        facets["theme"] = {v: int(counts[i]) for i, v in enumerate(self.themes_codes.values) if counts[i]}
        mask = under("audience")
        facets["audience"] = {"自然人": int((self.individual & mask).sum()), "法人": int((self.legal & mask).sum())}
        mask = under("processing_kind")
        counts = np.bincount(self.kind_code[mask & (self.kind_code >= 0)], minlength=len(self.kinds.values))
        facets["processing_kind"] = {v: int(counts[i]) for i, v in enumerate(self.kinds.values) if counts[i]}
        mask = under("online") & self.is_item
        facets["online"] = {"yes": int((self.online & mask).sum()), "no": int((~self.online & mask).sum())}
        return facets

    def ranked(self, scores, candidates, analyzed, limit):
        """Positions of the best `limit` candidates, best first; ties by page id."""
        positions = np.flatnonzero(candidates)
        if not len(positions):
            return []
        window = max(limit, RERANK_WINDOW)
        if len(positions) > window:
            top = np.argpartition(-scores[positions], window - 1)[:window]
            positions = positions[top]
        final = scores[positions].copy()
        phrase = analyzed.text.replace(" ", "")
        for i, position in enumerate(positions):
            title = self.norm_titles[position]
            if len(phrase) >= 2 and phrase in title:
                final[i] *= TITLE_PHRASE_BONUS
            # Asked for a certificate without saying what to do with it, a citizen most
            # often wants to get it for the first time: a light nudge for those items.
            if any(word in title for word in FIRST_TIME_WORDS):
                final[i] *= FIRST_TIME_PRIOR
        order = np.lexsort((self.page_ids[positions], -final))
        return [int(positions[i]) for i in order[:limit]]


class EmbeddedBackend:
    """Search over the in-memory index, rebuilt when the DB version counters move."""

    name = "embedded"
    _lock = threading.Lock()
    _index = None
    _synonyms = None
    _versions = None
    _rebuilding = False

    # -- state -------------------------------------------------------------------------
    @classmethod
    def reset(cls):
        with cls._lock:
            cls._index = cls._synonyms = cls._versions = None

    def _current(self):
        versions = IndexState.versions()
        cls = type(self)
        if cls._index is None or cls._versions != versions:
            with cls._lock:
                if cls._index is None or cls._versions != versions:
                    cls._refresh(versions)
        return cls._index, cls._synonyms

    @classmethod
    def _refresh(cls, versions):
        cls._synonyms = SynonymTable([s.term_list for s in Synonym.objects.filter(enabled=True)])
        wanted = versions.get(IndexState.DOCUMENTS)
        old = cls._index
        if old is not None and old.version == wanted:
            cls._versions = versions
            return
        if old is None or old.size < BACKGROUND_REBUILD_SIZE:
            cls._index = InMemoryIndex(version=wanted)
            cls._versions = versions
            return
        # A big index takes seconds to rebuild: keep answering from the old one meanwhile
        # (a just-published change shows up a few seconds late rather than stalling search).
        if not cls._rebuilding:
            cls._rebuilding = True
            threading.Thread(target=cls._rebuild_in_background, args=(versions,), daemon=True).start()

    @classmethod
    def _rebuild_in_background(cls, versions):
        from django.db import connection

        try:
            index = InMemoryIndex(version=versions.get(IndexState.DOCUMENTS))
            with cls._lock:
                cls._index, cls._versions = index, versions
        except Exception:
            logger.exception("内置搜索索引后台重建失败")
        finally:
            cls._rebuilding = False
            connection.close()

    def analyze(self, q):
        index, synonyms = self._current()
        return analyze_query(q, index.vocabulary(synonyms), synonyms)

    # -- the contract ----------------------------------------------------------------
    def search(self, request):
        index, synonyms = self._current()
        analyzed = analyze_query(request.q, index.vocabulary(synonyms), synonyms)
        if not analyzed.groups or index.size == 0:
            return SearchResult(count=0, hits=[], facets={}, page=request.page, per_page=request.per_page)
        scores, hits = index.score(analyzed)
        scope = index.scope_mask(request.filters)
        for matched in index.match_stages(analyzed, scores, hits):
            candidates = matched & scope
            if candidates.any():
                break
        count = int(candidates.sum())
        offset = (request.page - 1) * request.per_page
        positions = index.ranked(scores, candidates, analyzed, offset + request.per_page)[offset:]
        hits = self._hydrate(index, positions, scores, analyzed)
        return SearchResult(
            count=count,
            hits=hits,
            facets=index.facet_counts(matched, request.filters),
            page=request.page,
            per_page=request.per_page,
            terms=analyzed.highlight_terms,
            corrections=analyzed.corrections,
            backend=self.name,
        )

    def _hydrate(self, index, positions, scores, analyzed):
        page_ids = [int(index.page_ids[p]) for p in positions]
        texts = dict(SearchDocument.objects.filter(page_id__in=page_ids).values_list("page_id", "texts"))
        terms = analyzed.highlight_terms
        hits = []
        for position, page_id in zip(positions, page_ids, strict=True):
            doc_texts = texts.get(page_id, {})
            hits.append(Hit(
                page_id=page_id,
                kind=index.kind[position],
                title=index.titles[position],
                url=index.urls[position],
                code=index.codes[position],
                department=index.department_names[position],
                highlight=snippet(doc_texts, terms),
                title_highlight=mark(index.titles[position], terms),
                score=round(float(scores[position]), 4),
            ))
        return hits

    def autocomplete(self, q, limit=8):
        """Item names whose text contains `q` (or a synonym of it), or whose pinyin / pinyin
        initials start with it; names starting with it first."""
        index, synonyms = self._current()
        text = normalize(q).replace(" ", "")
        if not text:
            return []
        needles = [text, *sorted(synonyms.by_term.get(text, set()) - {text})]
        ascii_query = text.isascii()
        found = []
        for position, title in enumerate(index.norm_titles):
            if index.kind[position] not in (SearchDocument.KIND_ITEM, SearchDocument.KIND_BUNDLE):
                continue
            if ascii_query:
                if index.pinyin_initials[position].startswith(text):
                    rank = 0
                elif index.pinyin_full[position].startswith(text):
                    rank = 1
                elif text in index.codes[position].lower():
                    rank = 2
                else:
                    continue
            else:
                at = min((title.find(n) for n in needles if n in title), default=-1)
                if at < 0:
                    continue
                rank = 0 if at == 0 else 1
            found.append((rank, len(title), title, position))
        if not found and ascii_query:
            # "yyzz": no name has those initials, but the vocabulary knows 营业执照; offer
            # it as a search of its own.
            vocabulary = index.vocabulary(synonyms)
            words = sorted(set(vocabulary.by_initials.get(text, []) + vocabulary.by_full.get(text, [])),
                           key=lambda t: -vocabulary.df(t))
            return [{"name": w, "url": f"/search/?q={quote(w)}", "code": ""} for w in words[:limit]]
        found.sort()
        return [
            {"name": index.titles[p], "url": index.urls[p], "code": index.codes[p]}
            for _rank, _length, _title, p in found[:limit]
        ]

    def item_titles(self):
        index, _synonyms = self._current()
        return [t for t, k in zip(index.titles, index.kind, strict=True) if k == SearchDocument.KIND_ITEM]

    def vocabulary(self):
        index, synonyms = self._current()
        return index.vocabulary(synonyms)
