"""Wagtail's Elasticsearch 8 backend (django-modelsearch) with the same Chinese analysis as
search.backends.wagtail_db, for sites that set ELASTICSEARCH_URL.

The cluster may or may not have a Chinese plugin, so the index never depends on one:
- every searchable value is sent pre-analysed (search.analysis.analysed_field_text) into
  fields analysed with `whitespace`, and plain-text queries become clauses of phrases over
  those tokens (search.analysis.query_clauses): identical results on any cluster;
- when the cluster has IK (ik_max_word) or smartcn, the catch-all `_all_text` field gets a
  `cn` sub-field analysed by it, and queries add a weak match on it: the cluster's own
  segmentation as an extra signal, never a requirement.
Autocomplete indexes edge n-grams of the same tokens (whitespace tokenizer), so 民政 finds
县民政局 and "shenf" finds 身份证. Tested without a server in tests/search/test_wagtail_es.py.
"""

from copy import deepcopy

from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)
from modelsearch.index import AutocompleteField, SearchField

from ..analysis import analysed_field_text, query_clauses
from ..vocabulary import query_context

PLUGIN_ANALYZERS = {"analysis-ik": "ik_max_word", "analysis-smartcn": "smartcn"}
TOKENS = {"analyzer": "whitespace", "search_analyzer": "whitespace"}
PLUGIN_SIGNAL_BOOST = 0.3


class ChineseMapping(Elasticsearch8Mapping):
    """Text fields hold pre-analysed tokens; the plugin analyzer, if any, rides along."""

    plugin_analyzer = ""
    edgengram_analyzer_config = {"analyzer": "edgengram_analyzer", "search_analyzer": "whitespace"}

    def get_field_mapping(self, field):
        name, mapping = super().get_field_mapping(field)
        if isinstance(field, SearchField) and mapping.get("type") == "text":
            mapping.update(TOKENS)
        return name, mapping

    def get_mapping(self):
        mapping = super().get_mapping()
        properties = mapping["properties"]
        for name, field_mapping in properties.items():
            if name.startswith("_all_text"):
                field_mapping.update(TOKENS)
        if self.plugin_analyzer:
            properties["_all_text"]["fields"] = {"cn": {"type": "text", "analyzer": self.plugin_analyzer}}
        return mapping

    def _get_document_field_data(self, field, obj):
        name, value, edgengrams = super()._get_document_field_data(field, obj)
        if isinstance(field, SearchField | AutocompleteField) and isinstance(value, str):
            name_field = isinstance(field, AutocompleteField) or field.field_name == "title"
            value = analysed_field_text(value, name=name_field)
        edgengrams = [analysed_field_text(v, name=True) if isinstance(v, str) else v for v in edgengrams]
        return name, value, edgengrams


def clause_query(clauses, fields, operator="and", prefix=False):
    """The bool query of analysed clauses: each clause a `should` of its alternatives, each
    alternative a phrase of tokens over the fields (a prefix for autocomplete)."""
    compiled = []
    for n, clause in enumerate(clauses):
        kind = "phrase_prefix" if prefix and n == len(clauses) - 1 else "phrase"
        alternatives = [
            {"multi_match": {"query": " ".join(alt), "type": kind, "fields": fields, "analyzer": "whitespace"}}
            for alt in clause.alternatives
        ]
        compiled.append({"bool": {"should": alternatives, "minimum_should_match": 1}})
    if operator == "or":
        return {"bool": {"should": compiled, "minimum_should_match": 1}}
    return {"bool": {"must": compiled}}


class ChineseQueryMixin:
    AUTOCOMPLETE = False
    DEFAULT_OPERATOR = "and"  # every concept must match, as on the database backends

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        vocabulary, synonyms = query_context()
        clauses = query_clauses(query.query_string, vocabulary, synonyms)
        if not clauses:
            return {"bool": {"must_not": {"match_all": {}}}}
        names = [field.field_name_with_boost for field in fields]
        body = clause_query(clauses, names, (query.operator or "and").lower(), prefix=self.AUTOCOMPLETE)
        if self.mapping.plugin_analyzer and not self.AUTOCOMPLETE:
            body["bool"]["should"] = [{"match": {"_all_text.cn": {"query": query.query_string,
                                                                  "boost": PLUGIN_SIGNAL_BOOST}}}]
        if boost != 1.0:
            body["bool"]["boost"] = boost
        return body


class ChineseSearchQueryCompiler(ChineseQueryMixin, Elasticsearch8SearchQueryCompiler):
    mapping_class = ChineseMapping


class ChineseAutocompleteQueryCompiler(ChineseQueryMixin, Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = ChineseMapping
    AUTOCOMPLETE = True


class ChineseElasticsearchBackend(Elasticsearch8SearchBackend):
    """Options as for modelsearch's Elasticsearch 8 backend, plus CHINESE_ANALYZER: "auto"
    (ask the cluster for IK / smartcn once), an analyzer name, or "" for none."""

    mapping_class = ChineseMapping
    query_compiler_class = ChineseSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseAutocompleteQueryCompiler

    def __init__(self, params):
        params = dict(params)
        choice = params.pop("CHINESE_ANALYZER", "auto")
        super().__init__(params)
        # Edge n-grams of whole tokens: the standard tokenizer would split Chinese into
        # single characters and undo the analysis.
        self.settings = deepcopy(self.settings)
        self.settings["settings"]["analysis"]["analyzer"]["edgengram_analyzer"]["tokenizer"] = "whitespace"
        analyzer = self.detect_plugin_analyzer() if choice == "auto" else choice
        # Mapping and query compilers read it from their (per-backend) mapping class.
        self.mapping_class = type("ChineseMapping", (ChineseMapping,), {"plugin_analyzer": analyzer or ""})
        self.query_compiler_class = type("Compiler", (ChineseSearchQueryCompiler,), {"mapping_class": self.mapping_class})
        self.autocomplete_query_compiler_class = type(
            "AutocompleteCompiler", (ChineseAutocompleteQueryCompiler,), {"mapping_class": self.mapping_class}
        )

    def detect_plugin_analyzer(self):
        """ik_max_word or smartcn when the cluster has the plugin; "" when it has neither or
        cannot be asked (the tokens work without it). Asked once per cluster and process:
        Wagtail creates backend objects on every search."""
        key = repr(self.hosts)
        if key not in _detected:
            try:
                plugins = self.es.options(request_timeout=3).cat.plugins(format="json")
                names = {row.get("component") for row in plugins}
                _detected[key] = next((a for p, a in PLUGIN_ANALYZERS.items() if p in names), "")
            except Exception:  # noqa: BLE001 - any failure means: do without the plugin
                return ""
        return _detected[key]


_detected = {}


SearchBackend = ChineseElasticsearchBackend

__all__ = ["SearchBackend", "clause_query"]
