"""Wagtail's database search backend (django-modelsearch) with our Chinese analysis.

Configured as WAGTAILSEARCH_BACKENDS["default"], this is what `Page.objects.search()`,
`autocomplete()`, the admin's page and snippet search, every chooser, the API's
`?search=` and the search-promotions admin use. It keeps modelsearch's own tables, SQL,
filters, ordering and ranking (SQLite FTS5 or PostgreSQL full text) and changes two
things only:

- what is written to the index: each field value analysed by
  `search.analysis.analysed_field_text` (jieba words, pinyin for names, CJK bigrams);
- how a plain-text query is matched: `search.analysis.query_clauses` (synonyms, pinyin,
  typo corrections), every clause a group of alternatives, an alternative a phrase of
  bigrams, so any Chinese substring of the indexed text is found.

Any model that declares `search_fields` gets this for free; see docs/domain.md, 中文搜索.
The named-field restriction (`fields=[...]`, which the admin passes from a viewset's
`search_fields`) is widened to all of the model's indexed text: the analysed index has no
per-field columns on SQLite, and searching a little more is better than failing.
"""

import threading
from contextlib import contextmanager

from django.db import connection
from modelsearch.index import AutocompleteField, RelatedFields
from modelsearch.query import PlainText

from ..analysis import analysed_field_text, query_clauses
from ..vocabulary import query_context


def _is_name(field):
    return isinstance(field, AutocompleteField) or getattr(field, "field_name", "") == "title"


class AnalysedIndexerMixin:
    """Field values go into the index analysed (the last element of each prepared row)."""

    def prepare_field(self, obj, field):
        if isinstance(field, RelatedFields):
            # Sub-fields come back through this method, analysed once there.
            yield from super().prepare_field(obj, field)
            return
        for row in super().prepare_field(obj, field):
            *head, value = row
            yield (*head, self.analysed(value, _is_name(field)))

    def analysed(self, value, name):
        """modelsearch's indexer walks every field once for the title, once for the body and
        once for autocomplete; jieba and pinyin run once per value (a third of the cost)."""
        memo = self.__dict__.setdefault("_analysed", {})
        key = (value, name)
        if key not in memo:
            memo[key] = analysed_field_text(value, name=name)
        return memo[key]


_indexer_lock = threading.Lock()


@contextmanager
def analysed_indexer(module, indexer_class):
    """modelsearch's add_items builds its ObjectIndexer by module-level name and offers no
    hook; the name points at our subclass for the duration of the call. The lock keeps
    two threads of this process from swapping it at once."""
    with _indexer_lock:
        original = module.ObjectIndexer
        module.ObjectIndexer = indexer_class
        try:
            yield
        finally:
            module.ObjectIndexer = original


def clauses_for(query):
    vocabulary, synonyms = query_context()
    return query_clauses(query.query_string, vocabulary, synonyms)


class ChineseCompilerMixin:
    """Plain-text queries become clause expressions in the engine's own syntax."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = None  # see the module docstring

    def render(self, clauses, operator, prefix):
        raise NotImplementedError

    def analysed_expression(self, query):
        clauses = clauses_for(query)
        if not clauses:
            return None
        operator = (query.operator or self.DEFAULT_OPERATOR).lower()
        return self.render(clauses, operator, prefix=self.LAST_TERM_IS_PREFIX)


# -- SQLite (FTS5) ---------------------------------------------------------------------

SQLITE_COLUMN_WEIGHTS = (2.0, 1.0, 10.0)  # autocomplete, body, title
# Above this many results in one unsliced request, modelsearch's own (slow) ordering is used:
# the one-pass ordering names each result's id and score in the SQL.
ONE_PASS_MAX_RESULTS = 5000

def fts5_expression(clauses, operator="and", prefix=False):
    """FTS5 MATCH syntax: ("a b" OR "c") AND ("d"); a trailing * makes the last token of
    each alternative of the last clause a prefix (autocomplete)."""
    rendered = []
    for n, clause in enumerate(clauses):
        star = "*" if prefix and n == len(clauses) - 1 else ""
        alternatives = [f'"{" ".join(alt)}"{star}' for alt in clause.alternatives]
        rendered.append("(" + " OR ".join(alternatives) + ")")
    return f" {'OR' if operator == 'or' else 'AND'} ".join(rendered)


def _sqlite_classes():
    from django.db.models import Case, FloatField, Value, When
    from modelsearch.backends.database.sqlite import sqlite as base
    from modelsearch.backends.database.sqlite.query import BM25, Lexeme, MatchExpression, SearchQueryExpression
    from modelsearch.utils import get_descendants_content_types_pks

    class RawMatch(Lexeme):
        """An already-rendered FTS5 expression (modelsearch's Lexeme would quote it)."""

        def as_sql(self, compiler, connection):
            return "%s", [self.value]

    class Indexer(AnalysedIndexerMixin, base.ObjectIndexer):
        pass

    class Index(base.SQLiteIndex):
        def add_items(self, model, objs):
            with analysed_indexer(base, Indexer):
                return super().add_items(model, objs)

    class TitleWeightedBM25(BM25):
        """bm25() with the columns weighted (FTS5 column order: autocomplete, body, title):
        a word in the title says more than the same word deep in the body."""

        def as_sql(self, compiler, connection, function=None, template=None):
            weights = ", ".join(str(w) for w in SQLITE_COLUMN_WEIGHTS)
            return f"bm25({base.SQLiteFTSIndexEntry._meta.db_table}, {weights})", []

    class QueryCompiler(ChineseCompilerMixin, base.SQLiteSearchQueryCompiler):
        def render(self, clauses, operator, prefix):
            return fts5_expression(clauses, operator, prefix)

        def build_tsrank(self, vector, query, config=None, boost=1.0):
            if isinstance(query, PlainText):
                return TitleWeightedBM25() * boost if boost != 1.0 else TitleWeightedBM25()
            return super().build_tsrank(vector, query, config=config, boost=boost)

        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText):
                expression = self.analysed_expression(query)
                return SearchQueryExpression(RawMatch(expression or '""'))
            return super().build_search_query_content(query, config=config)

        def search(self, config, start, stop, score_field=None):
            if not isinstance(self.query, PlainText):
                return super().search(config, start, stop, score_field=score_field)
            if not clauses_for(self.query):
                return self.queryset.none()
            return self.search_one_pass(config, start, stop, score_field) or super().search(
                config, start, stop, score_field=score_field
            )

        def search_one_pass(self, config, start, stop, score_field):
            """modelsearch scores each result with a correlated subquery that runs the whole
            FTS5 MATCH again for every matched row: seconds for a common word at 10,000
            pages. Here the MATCH runs once for every score, the ordering is done on the
            (id, score) pairs, and only the requested slice is fetched, with its scores."""
            match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(self.query, config))
            index_query = (
                base.SQLiteFTSIndexEntry.objects.filter(match)
                .filter(index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model))
                .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
            )
            matched = self.queryset.filter(pk__in=index_query.values_list("index_entry__object_id", flat=True))
            if not self.order_by_relevance and score_field is None:
                return (matched if matched.query.order_by else matched.order_by("-pk"))[start:stop]
            if self.order_by_relevance:
                scores = {}
                for object_id, score in index_query.values_list("index_entry__object_id", "score"):
                    scores.setdefault(object_id, score)
                pks = sorted(matched.values_list("pk", flat=True), key=lambda pk: (scores[str(pk)], -pk))[start:stop]
                ordering = (score_field or "_score", "-pk")
            else:
                ordering = matched.query.order_by or ("-pk",)
                pks = list(matched.order_by(*ordering).values_list("pk", flat=True)[start:stop])
                scores = dict(index_query.filter(index_entry__object_id__in=[str(pk) for pk in pks])
                              .values_list("index_entry__object_id", "score"))
            if len(pks) > ONE_PASS_MAX_RESULTS:
                return None
            if not pks:
                return self.queryset.none()
            score = Case(*(When(pk=pk, then=Value(scores[str(pk)])) for pk in pks), output_field=FloatField())
            return self.queryset.filter(pk__in=pks).annotate(**{score_field or "_score": score}).order_by(*ordering)

    class AutocompleteCompiler(QueryCompiler, base.SQLiteAutocompleteQueryCompiler):
        pass

    class Backend(base.SQLiteSearchBackend):
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteCompiler
        index_class = Index

    return Backend


# -- PostgreSQL ------------------------------------------------------------------------

def tsquery_expression(clauses, operator="and", prefix=False):
    """PostgreSQL tsquery syntax: (('a' <-> 'b') | 'c') & ('d'); ':*' marks a prefix."""
    rendered = []
    for n, clause in enumerate(clauses):
        last = prefix and n == len(clauses) - 1
        alternatives = []
        for alt in clause.alternatives:
            tokens = [f"'{token}'" for token in alt]
            if last:
                tokens[-1] += ":*"
            alternatives.append("(" + " <-> ".join(tokens) + ")")
        rendered.append("(" + " | ".join(alternatives) + ")")
    return f" {'|' if operator == 'or' else '&'} ".join(rendered)


def _postgres_classes():
    from django.contrib.postgres.search import SearchQuery
    from modelsearch.backends.database.postgres import postgres as base

    class Indexer(AnalysedIndexerMixin, base.ObjectIndexer):
        pass

    class Index(base.PostgresIndex):
        def add_items(self, model, objs):
            with analysed_indexer(base, Indexer):
                return super().add_items(model, objs)

    class QueryCompiler(ChineseCompilerMixin, base.PostgresSearchQueryCompiler):
        DEFAULT_OPERATOR = "and"
        LAST_TERM_IS_PREFIX = False

        def render(self, clauses, operator, prefix):
            return tsquery_expression(clauses, operator, prefix)

        def build_tsquery_content(self, query, config=None, invert=False):
            if isinstance(query, PlainText):
                expression = self.analysed_expression(query) or "''"
                if invert:
                    expression = f"!({expression})"
                return SearchQuery(expression, search_type="raw", config=config)
            return super().build_tsquery_content(query, config=config, invert=invert)

        def search(self, config, start, stop, score_field=None, backend=None):
            if isinstance(self.query, PlainText) and not clauses_for(self.query):
                return self.queryset.none()
            return super().search(config, start, stop, score_field=score_field, backend=backend)

    class AutocompleteCompiler(QueryCompiler, base.PostgresAutocompleteQueryCompiler):
        LAST_TERM_IS_PREFIX = True

    class Backend(base.PostgresSearchBackend):
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteCompiler
        index_class = Index

        def __init__(self, params):
            # Tokens arrive analysed: PostgreSQL must not stem or drop any of them.
            super().__init__({"SEARCH_CONFIG": "simple", **params})

    return Backend


_backends = {}


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend up by this name
    """The SQLite or PostgreSQL variant for the default database, as modelsearch does."""
    vendor = connection.vendor
    if vendor not in _backends:
        if vendor == "postgresql":
            _backends[vendor] = _postgres_classes()
        elif vendor == "sqlite":
            _backends[vendor] = _sqlite_classes()
        else:
            raise NotImplementedError(f"中文搜索后端不支持 {vendor} 数据库，请使用 SQLite 或 PostgreSQL。")
    return _backends[vendor](params)


__all__ = ["SearchBackend", "fts5_expression", "tsquery_expression"]
