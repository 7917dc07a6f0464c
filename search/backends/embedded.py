"""The embedded backend: an inverted index we own, needing no search server.

Why this shape: the SearchDocument table is the durable copy (works on SQLite and
PostgreSQL, survives restarts, fed by the publish signals). Each web process keeps an
in-memory inverted index built from it: term → (numpy array of document positions,
numpy array of precomputed BM25 contributions). A query then costs a handful of vectorised
additions, whatever the catalogue size, and facet counts are numpy bincounts.

Freshness: every write to SearchDocument bumps IndexState's version and logs the changed
page ids in IndexChange under that version. Each search reads the version (one small
query); if it moved, the process fetches just the changed rows and moves its index forward
(InMemoryIndex.apply), so a publish is searchable on every process at its next search,
at a cost that grows with the changed pages, not the catalogue. A full rebuild happens
only at start, after rebuild_search_index, or to compact away replaced rows.

Scoring is per-field BM25 summed with field boosts (search.documents.FIELD_BOOSTS), so a
hit in the item name outweighs one in the materials, which outweighs one in the FAQ.
"""

import copy
import json
import logging
import math
import threading
from array import array
from collections import Counter
from urllib.parse import quote

import numpy as np
from django.db import connection

from ..analysis import SynonymTable, Vocabulary, analyze_query, dictionary_words, normalize
from ..documents import FIELD_BOOSTS
from ..highlight import mark, snippet
from ..models import IndexChange, IndexState, SearchDocument, Synonym
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
COMPACT_MIN_DEAD = 1000
# Distinct query strings whose analysis a process remembers (see InMemoryIndex.analyze).
ANALYSIS_CACHE_SIZE = 2000
CANCELLED = "已取消"
YES = "yes"

ROW_FIELDS = (
    "page_id", "kind", "department_code", "theme_slugs", "serves_individuals", "serves_legal_persons",
    "item_type", "processing_kind", "is_online", "is_reservable", "is_charged", "visits", "status",
    "title", "pinyin_full", "pinyin_initials", "url", "code", "department_name",
)


def _idf(n, df):
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _field_lengths(tokens):
    return {name: (text.count(" ") + 1 if (text := tokens.get(name, "")) else 0) for name in FIELD_BOOSTS}


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


class _ThemeSets(_Codes):
    """Codes of the distinct sets of theme codes rows carry (a few dozen however big the
    catalogue): the theme facet counts rows per set with one bincount, then spreads each
    set's count over its themes, instead of summing an n × themes matrix's matched rows."""

    def code(self, value):
        return super().code(tuple(sorted(value)))

    def themes_matrix(self, width):
        """(sets × width) int64: row s has a 1 for each theme of set s."""
        key = (len(self.values), width)
        if getattr(self, "_matrix_key", None) != key:
            matrix = np.zeros(key, dtype=np.int64)
            for row, codes in enumerate(self.values[:key[0]]):  # another thread may be adding sets
                matrix[row, list(codes)] = 1
            self._matrix, self._matrix_key = matrix, key
        return self._matrix


def _first_time(title):
    """Whether an item's name says it is obtained for the first time (see ranked)."""
    title = normalize(title or "")
    return any(word in title for word in FIRST_TIME_WORDS)


def _visits(value):
    return -1 if value is None else value


def _snippet_texts(page_ids):
    """{page_id: texts} of the shown hits, in one plain query: the ORM's queryset building
    cost more than the fetch itself (profiled in docs/domain.md, 中文搜索)."""
    if not page_ids:
        return {}
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    placeholders = ", ".join(["%s"] * len(page_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT page_id, texts FROM {table} WHERE page_id IN ({placeholders})", page_ids)  # noqa: S608 - only placeholders are interpolated
        rows = cursor.fetchall()
    # SQLite and both PostgreSQL drivers hand JSON over as text to Django; decode it here.
    return {page_id: json.loads(texts) if isinstance(texts, str | bytes) else texts for page_id, texts in rows}


class InMemoryIndex:
    """A snapshot of the SearchDocument table that can move forward one document at a time.

    Built whole once; afterwards `apply(page_ids, version)` returns a NEW snapshot that
    shares everything with this one except the few changed documents: their old rows are
    marked dead, their new rows appended to column buffers that grow by doubling, and their
    postings kept in a small per-snapshot `delta` table next to the built `postings`. The
    cost of a change therefore grows with the changed document, not with the catalogue; a
    search holding the previous snapshot keeps a consistent view (it reads only rows below
    its own `size`). Dead rows are compacted away by the next full build.
    """

    builds = 0  # full builds in this process (the freshness test checks a publish adds none)

    def __init__(self, version=None):
        self.version = version
        self.build()

    # -- building --------------------------------------------------------------------
    def build(self):
        InMemoryIndex.builds += 1
        columns = {name: [] for name in ROW_FIELDS}
        lengths = {name: [] for name in FIELD_BOOSTS}
        rows = SearchDocument.objects.order_by("page_id").values_list(*ROW_FIELDS, "tokens")
        self.depts, self.themes_codes, self.kinds = _Codes(), _Codes(), _Codes()
        self.item_types, self.statuses = _Codes(), _Codes()
        self.theme_sets = _ThemeSets()
        # Pass 1: facet columns and field lengths (BM25 needs the average length first).
        for row in rows.iterator(chunk_size=2000):
            values = dict(zip(ROW_FIELDS, row[:-1], strict=True))
            for name in ROW_FIELDS:
                columns[name].append(values[name])
            for name, length in _field_lengths(row[-1]).items():
                lengths[name].append(length)
        self.size = n = len(columns["page_id"])
        self.avg_length = {name: (sum(v) / n if n else 0) or 1.0 for name, v in lengths.items()}
        self._build_columns(columns)
        # Pass 2: postings.
        doc_lists, val_lists = {}, {}
        token_rows = SearchDocument.objects.order_by("page_id").values_list("tokens", flat=True)
        for position, tokens in enumerate(token_rows.iterator(chunk_size=2000)):
            doc_lengths = {name: lengths[name][position] for name in FIELD_BOOSTS}
            for term, value in self._document_contributions(tokens, doc_lengths).items():
                if term not in doc_lists:
                    doc_lists[term] = array("i")
                    val_lists[term] = array("f")
                doc_lists[term].append(position)
                val_lists[term].append(value)
        self.postings = {}
        doc_freq = {}
        for term, ids in doc_lists.items():
            df = len(ids)
            values = np.frombuffer(val_lists[term], dtype=np.float32) * _idf(n, df)
            self.postings[term] = (np.frombuffer(ids, dtype=np.int32), values)
            doc_freq[term] = df
        self.doc_freq = doc_freq
        self.delta = {}
        self.dead = 0
        self._vocabulary = None

    def _document_contributions(self, tokens, doc_lengths):
        """Per term: the best field's boosted BM25 plus TIE_BREAKER × the other fields'
        (Elasticsearch's best_fields with tie_breaker), so an item whose *name* or
        *result* matches is not outscored by one that merely mentions the term often."""
        best, total = {}, {}
        for name, boost in FIELD_BOOSTS.items():
            text = tokens.get(name)
            if not text:
                continue
            norm = K1 * (1 - B + B * doc_lengths[name] / self.avg_length[name])
            for term, tf in Counter(text.split(" ")).items():
                value = boost * tf * (K1 + 1) / (tf + norm)
                total[term] = total.get(term, 0.0) + value
                if value > best.get(term, 0.0):
                    best[term] = value
        return {term: best[term] + TIE_BREAKER * (total[term] - best[term]) for term in total}

    def _build_columns(self, c):
        n = self.size
        self.position_of = {pid: i for i, pid in enumerate(c["page_id"])}
        self.kind = list(c["kind"])
        self.titles = list(c["title"])
        self.norm_titles = [normalize(t) for t in c["title"]]
        self.pinyin_full = list(c["pinyin_full"])
        self.pinyin_initials = list(c["pinyin_initials"])
        self.urls = list(c["url"])
        self.codes = list(c["code"])
        self.department_names = list(c["department_name"])
        self.capacity = max(16, n)
        self._buffers = {}
        rows = [dict(zip(ROW_FIELDS, values, strict=True)) for values in zip(*(c[f] for f in ROW_FIELDS), strict=True)]
        for name, (dtype, value) in self._numeric_columns().items():
            buffer = np.zeros(self.capacity, dtype=dtype)
            buffer[:n] = [value(row) for row in rows]
            self._buffers[name] = buffer
        theme_rows = [[self.themes_codes.code(s) for s in (slugs or [])] for slugs in c["theme_slugs"]]
        theme_width = max(1, len(self.themes_codes.values))
        self._buffers["themes"] = np.zeros((self.capacity, theme_width), dtype=bool)
        for i, codes in enumerate(theme_rows):
            self._buffers["themes"][i, codes] = True
        self._buffers["alive"] = np.zeros(self.capacity, dtype=bool)
        self._buffers["alive"][:n] = True
        self._set_views()

    def _numeric_columns(self):
        """name → (dtype, the column's value for a row given as {ROW_FIELDS name: value})."""
        return {
            "page_ids": (np.int64, lambda r: r["page_id"]),
            "is_item": (bool, lambda r: r["kind"] == SearchDocument.KIND_ITEM),
            "dept": (np.int32, lambda r: self.depts.code(r["department_code"])),
            "individual": (bool, lambda r: bool(r["serves_individuals"])),
            "legal": (bool, lambda r: bool(r["serves_legal_persons"])),
            "item_type": (np.int32, lambda r: self.item_types.code(r["item_type"])),
            "kind_code": (np.int32, lambda r: self.kinds.code(r["processing_kind"])),
            "online": (bool, lambda r: bool(r["is_online"])),
            "reservable": (bool, lambda r: bool(r["is_reservable"])),
            "charged": (bool, lambda r: bool(r["is_charged"])),
            "visits": (np.int32, lambda r: _visits(r["visits"])),
            "status": (np.int32, lambda r: self.statuses.code(r["status"])),
            "first_time": (bool, lambda r: _first_time(r["title"])),
            "theme_set": (np.int32, lambda r: self.theme_sets.code(self.themes_codes.code(s) for s in (r["theme_slugs"] or []))),
        }

    def _set_views(self):
        """Column attributes are views of the first `size` rows of the buffers."""
        for name, buffer in self._buffers.items():
            setattr(self, name, buffer[:self.size])
        self._visible = None  # see visible_mask

    def visible_mask(self):
        """Alive and not cancelled: every unfiltered search's scope, so computed once per
        snapshot (read-only, shared by its searches)."""
        if self._visible is None:
            visible = self.alive.copy()
            cancelled = self.statuses.index.get(CANCELLED)
            if cancelled is not None:
                visible &= self.status != cancelled
            visible.flags.writeable = False
            self._visible = visible
        return self._visible

    # -- moving forward --------------------------------------------------------------
    def apply(self, page_ids, version):
        """A new snapshot with these pages' current SearchDocument rows (a page whose row
        is gone has left the index)."""
        page_ids = set(page_ids)
        rows = SearchDocument.objects.filter(page_id__in=page_ids).order_by("page_id").values_list(*ROW_FIELDS, "tokens")
        new = copy.copy(self)
        new.version = version
        new.delta = dict(self.delta)
        new._buffers = dict(self._buffers)
        new._vocabulary = self._vocabulary
        for page_id in page_ids:
            position = new.position_of.pop(page_id, None)
            if position is not None and new._buffers["alive"][position]:
                new._buffers["alive"][position] = False
                new.dead += 1
        for row in rows:
            new._append(dict(zip(ROW_FIELDS, row[:-1], strict=True)), row[-1])
        new._set_views()
        return new

    def _append(self, values, tokens):
        if self.size == self.capacity:
            self._grow()
        position = self.size
        for name, (_dtype, value) in self._numeric_columns().items():
            self._buffers[name][position] = value(values)
        codes = [self.themes_codes.code(s) for s in (values["theme_slugs"] or [])]
        if codes and max(codes) >= self._buffers["themes"].shape[1]:
            self._widen_themes(max(codes) + 1)
        self._buffers["themes"][position, :] = False
        self._buffers["themes"][position, codes] = True
        self._buffers["alive"][position] = True
        for name, target in (("kind", self.kind), ("title", self.titles), ("pinyin_full", self.pinyin_full),
                             ("pinyin_initials", self.pinyin_initials), ("url", self.urls), ("code", self.codes),
                             ("department_name", self.department_names)):
            del target[position:]  # rows a discarded snapshot appended past this one
            target.append(values[name])
        del self.norm_titles[position:]
        self.norm_titles.append(normalize(values["title"]))
        self.position_of[values["page_id"]] = position
        self.size = position + 1
        self._add_postings(position, tokens)

    def _add_postings(self, position, tokens):
        n = max(1, self.size - self.dead)
        for term, value in self._document_contributions(tokens, _field_lengths(tokens)).items():
            ids, values = self.delta.get(term, (np.empty(0, np.int32), np.empty(0, np.float32)))
            df = self.doc_freq.get(term, 0) + len(ids) + 1
            weighted = np.float32(value * _idf(n, df))
            self.delta[term] = (np.append(ids, np.int32(position)), np.append(values, weighted))

    def _grow(self):
        self.capacity *= 2
        for name, buffer in self._buffers.items():
            grown = np.zeros((self.capacity, *buffer.shape[1:]), dtype=buffer.dtype)
            grown[:len(buffer)] = buffer
            self._buffers[name] = grown

    def _widen_themes(self, width):
        old = self._buffers["themes"]
        wider = np.zeros((old.shape[0], width), dtype=bool)
        wider[:, :old.shape[1]] = old
        self._buffers["themes"] = wider

    @property
    def needs_compaction(self):
        """Dead rows waste memory and skew BM25's statistics: rebuild past a fifth."""
        return self.dead > max(COMPACT_MIN_DEAD, self.size // 5)

    def _posting_parts(self, term):
        """A term's (positions, BM25 values): the built postings, then the changed documents'
        (kept apart: scoring copies them into one array anyway)."""
        return [p for p in (self.postings.get(term), self.delta.get(term)) if p is not None]

    def vocabulary(self, synonyms):
        """The vocabulary for this synonym table, rebuilt when an edit replaced the table
        (a new synonym's words are typo and pinyin targets at once)."""
        return self._vocabulary_entry(synonyms)[1]

    def _vocabulary_entry(self, synonyms):
        """(synonyms, vocabulary, analysed queries): the analyses depend on nothing else, so
        they live and die with the vocabulary."""
        cached = self._vocabulary
        if cached is None or cached[0] is not synonyms:
            extra = list(dictionary_words()) + [t for group in synonyms.groups for t in group]
            cached = self._vocabulary = (synonyms, Vocabulary(self.doc_freq, extra_terms=extra), {})
        return cached

    def analyze(self, q, synonyms):
        """analyze_query, remembered per query string: popular queries repeat, and jieba,
        the synonym scan and the typo windows cost as much as the rest of a search. Callers
        only read the AnalyzedQuery."""
        _synonyms, vocabulary, analyses = self._vocabulary_entry(synonyms)
        analyzed = analyses.get(q)
        if analyzed is None:
            analyzed = analyze_query(q, vocabulary, synonyms)
            if len(analyses) >= ANALYSIS_CACHE_SIZE:
                analyses.clear()  # cheap bound; the popular queries come straight back
            analyses[q] = analyzed
        return analyzed

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
        active = [(name, value) for name, value in filters.items() if name != skip]
        if "status" not in filters and not active:
            return self.visible_mask()
        mask = self.alive.copy() if "status" in filters else self.visible_mask().copy()
        for name, value in active:
            mask &= self.filter_mask(name, value)
        return mask

    # -- scoring ---------------------------------------------------------------------
    def score(self, analyzed):
        """Every document's BM25 score: one np.bincount over all the terms' postings, not a
        fancy-indexed `+=` per term (three passes over each posting list, the bulk of a
        search at 100,000 items). bincount adds in array order, so each document gets the
        same float64 sum, term by term in the same order; each product is first rounded to
        the dtype `weight * values` has (float32), as before."""
        parts = [(weight, part) for group in analyzed.groups for term, weight in group.terms.items()
                 for part in self._posting_parts(term)]
        ids = np.empty(sum(len(part[0]) for _weight, part in parts), dtype=np.intp)
        weighted = np.empty(len(ids), dtype=np.float64)
        start = 0
        for weight, (part_ids, values) in parts:
            end = start + len(part_ids)
            ids[start:end] = part_ids
            np.multiply(values, weight, out=weighted[start:end], dtype=np.result_type(values, weight))
            start = end
        return np.bincount(ids, weights=weighted, minlength=self.size)

    def group_hits(self, analyzed, whole_terms_only):
        """Per document, how many strong groups (concepts) it matched: with a whole word or
        synonym only, or with any term, sub-words included."""
        hits = np.zeros(self.size, dtype=np.int16)
        for group in analyzed.groups:
            if not group.strong:
                continue
            matched = np.zeros(self.size, dtype=bool)
            for term, weight in group.terms.items():
                if weight >= WHOLE_TERM_WEIGHT or not whole_terms_only:
                    for ids, _values in self._posting_parts(term):
                        # Cast first: numpy scatters through int32 indices about 3× slower.
                        matched[ids.astype(np.intp)] = True
            hits += matched
        return hits

    def match_stages(self, analyzed, scores):
        """Ever looser definitions of "matches the query", tried in turn until one finds
        something: every concept as a whole word or synonym; every concept, sub-words
        allowed; half of the concepts. Lazily: the sub-word hits (the longest postings)
        are only gathered when whole words found nothing."""
        if not analyzed.strong_count:
            yield scores > 0
            return
        every, half = analyzed.minimum_should_match(), analyzed.minimum_should_match(relaxed=True)
        positive = scores > 0
        yield (self.group_hits(analyzed, whole_terms_only=True) >= every) & positive
        loose_hits = self.group_hits(analyzed, whole_terms_only=False)
        yield (loose_hits >= every) & positive
        if half < every:
            yield (loose_hits >= half) & positive

    def facet_counts(self, matched, filters, scope=None, found=None):
        """{facet: {value: count}}, each counted under every other active filter.

        A facet that is not itself filtered shares the full scope's set (`found`: its mask
        and positions, when the caller has them), so a query without filters builds one
        mask, not five. Yes/no facets count an n-sized boolean AND (cheap, vectorised);
        the others gather their codes at the matched positions only."""
        sets = {}

        def under(name):
            """(mask, positions) of the matched documents under every filter but this facet's."""
            key = name if name in filters else None
            if key not in sets:
                if key is None and found is not None:
                    sets[key] = found
                else:
                    mask = matched & (scope if key is None and scope is not None else self.scope_mask(filters, skip=key))
                    sets[key] = (mask, np.flatnonzero(mask))
            return sets[key]

        def coded(column, table, name):
            # Shifted by one so documents without a value (code -1) fall in bin 0, dropped.
            codes = column[under(name)[1]] + 1
            return labelled(np.bincount(codes, minlength=len(table.values) + 1)[1:], table)

        def labelled(counts, table):
            # Plain ints in one go: indexing a numpy array value by value costs more.
            return {table.values[i]: count for i, count in enumerate(counts.tolist()) if count}

        facets = {"department": coded(self.dept, self.depts, "department")}
        per_set = np.bincount(self.theme_set[under("theme")[1]], minlength=len(self.theme_sets.values))
        # [:len(per_set)]: theme sets a newer snapshot added meanwhile have no rows here.
        themes = self.theme_sets.themes_matrix(max(1, len(self.themes_codes.values)))[:len(per_set)]
        facets["theme"] = labelled(per_set @ themes, self.themes_codes)
        mask = under("audience")[0]
        facets["audience"] = {"自然人": int(np.count_nonzero(self.individual & mask)),
                              "法人": int(np.count_nonzero(self.legal & mask))}
        facets["processing_kind"] = coded(self.kind_code, self.kinds, "processing_kind")
        items = self.is_item & under("online")[0]
        yes = int(np.count_nonzero(items & self.online))
        facets["online"] = {"yes": yes, "no": int(np.count_nonzero(items)) - yes}
        return facets

    def ranked(self, scores, positions, analyzed, limit):
        """The best `limit` of these positions (ascending), best first; ties by page id."""
        if not len(positions):
            return []
        window = max(limit, RERANK_WINDOW)
        if len(positions) > window:
            top = np.argpartition(-scores[positions], window - 1)[:window]
            positions = positions[top]
        final = scores[positions].copy()
        phrase = analyzed.text.replace(" ", "")
        if len(phrase) >= 2:
            for i, position in enumerate(positions):
                if phrase in self.norm_titles[position]:
                    final[i] *= TITLE_PHRASE_BONUS
        # Asked for a certificate without saying what to do with it, a citizen most often
        # wants to get it for the first time: a light nudge for those items.
        final[self.first_time[positions]] *= FIRST_TIME_PRIOR
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
        old_versions = cls._versions or {}
        if cls._synonyms is None or old_versions.get(IndexState.SYNONYMS) != versions.get(IndexState.SYNONYMS):
            cls._synonyms = SynonymTable([s.term_list for s in Synonym.objects.filter(enabled=True)])
        wanted = versions.get(IndexState.DOCUMENTS)
        old = cls._index
        if old is not None and old.version == wanted:
            cls._versions = versions
            return
        changed = IndexChange.pages_changed(old.version, wanted) if old is not None else None
        if changed is not None:
            # The usual case: a few pages were published, moved or deleted since.
            cls._index = old.apply(changed, wanted)
            cls._versions = versions
            if cls._index.needs_compaction:
                cls._start_background_rebuild(versions)
            return
        if old is None or old.size < BACKGROUND_REBUILD_SIZE:
            cls._index = InMemoryIndex(version=wanted)
            cls._versions = versions
            return
        # A full rebuild was asked for (rebuild_search_index) and the index is big: keep
        # answering from the old one meanwhile.
        cls._start_background_rebuild(versions)

    @classmethod
    def _start_background_rebuild(cls, versions):
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
        return index.analyze(q, synonyms)

    # -- the contract ----------------------------------------------------------------
    def search(self, request):
        index, synonyms = self._current()
        analyzed = index.analyze(request.q, synonyms)
        if not analyzed.groups or index.size == 0:
            return SearchResult(count=0, hits=[], facets={}, page=request.page, per_page=request.per_page)
        scores = index.score(analyzed)
        scope = index.scope_mask(request.filters)
        for matched in index.match_stages(analyzed, scores):
            candidates = matched & scope
            if candidates.any():
                break
        found = np.flatnonzero(candidates)  # ranked and counted per facet alike
        offset = (request.page - 1) * request.per_page
        positions = index.ranked(scores, found, analyzed, offset + request.per_page)[offset:]
        hits = self._hydrate(index, positions, scores, analyzed)
        return SearchResult(
            count=len(found),
            hits=hits,
            facets=index.facet_counts(matched, request.filters, scope=scope, found=(candidates, found)),
            page=request.page,
            per_page=request.per_page,
            terms=analyzed.highlight_terms,
            corrections=list(analyzed.corrections),  # copies: the analysis is shared
            backend=self.name,
        )

    def _hydrate(self, index, positions, scores, analyzed):
        page_ids = [int(index.page_ids[p]) for p in positions]
        texts = _snippet_texts(page_ids)
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
        for position in np.flatnonzero(index.alive):
            title = index.norm_titles[position]
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
        return [index.titles[p] for p in np.flatnonzero(index.alive & index.is_item)]

    def vocabulary(self):
        index, synonyms = self._current()
        return index.vocabulary(synonyms)
