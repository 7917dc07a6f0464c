"""Elasticsearch backend: mapping and query bodies (no server needed), fallback when the
configured cluster is down, and a live suite that runs only with ELASTICSEARCH_URL."""

import logging
import os

import pytest

from search.analysis import SynonymTable, Vocabulary, analyze_query, seed_synonym_groups
from search.backends.elasticsearch import (
    build_autocomplete,
    build_search,
    document_class,
    facet_counts,
    to_source,
)
from search.documents import FIELD_BOOSTS


@pytest.fixture(scope="module")
def analyzed():
    synonyms = SynonymTable(seed_synonym_groups())
    return analyze_query("身份证丢了怎么办", Vocabulary({"居民身份证": 3, "补领": 2}), synonyms)


def test_mapping_uses_whitespace_for_tokens_and_plugin_analyzer_for_text():
    mapping = document_class("portal-search-x", "ik_max_word")._doc_type.mapping.to_dict()["properties"]
    for name in FIELD_BOOSTS:
        assert mapping[name] == {"type": "text", "analyzer": "whitespace"}
    assert mapping["title_text"] == {"type": "text", "analyzer": "ik_max_word"}
    assert mapping["department_code"] == {"type": "keyword"}
    assert mapping["is_online"] == {"type": "boolean"}
    plain = document_class("portal-search-y")._doc_type.mapping.to_dict()["properties"]
    assert plain["body_text"] == {"type": "text", "analyzer": "standard"}


def test_query_body_groups_filters_facets_and_highlight(analyzed):
    body = build_search("portal-search", analyzed, {"department": "gaj", "online": "yes"}, page=2, per_page=10).to_dict()
    assert body["from"] == 10 and body["size"] == 10
    assert body["track_total_hits"] is True
    must = body["query"]["bool"]["must"][0]["bool"]
    assert must["minimum_should_match"] == 2  # 身份证 and 丢了: both concepts at first
    first_group = must["should"][0]["bool"]["should"]
    terms = {clause["multi_match"]["query"] for clause in first_group}
    assert {"身份证", "居民身份证"} <= terms
    clause = first_group[0]["multi_match"]
    assert clause["analyzer"] == "whitespace" and clause["type"] == "best_fields"
    assert "title^10" in clause["fields"] and "materials^3" in clause["fields"]
    post = body["post_filter"]["bool"]
    assert {"term": {"department_code": "gaj"}} in post["filter"]
    assert post["must_not"] == [{"term": {"status": "已取消"}}]
    # The department facet is counted without the department filter, with the online one.
    dept_agg = body["aggs"]["department"]
    assert {"term": {"department_code": "gaj"}} not in dept_agg["filter"]["bool"]["filter"]
    assert dept_agg["aggs"]["values"]["terms"]["field"] == "department_code"
    assert set(body["aggs"]) == {"department", "theme", "processing_kind", "audience", "online"}
    assert body["highlight"]["encoder"] == "html"
    assert body["highlight"]["pre_tags"] == ["<mark>"]


def test_relaxed_stage_needs_half_the_concepts(analyzed):
    body = build_search("portal-search", analyzed, {}, stage=2).to_dict()
    assert body["query"]["bool"]["must"][0]["bool"]["minimum_should_match"] == 1


class _NothingFound:
    """A client whose every search finds nothing; records the request bodies."""

    def __init__(self):
        self.bodies = []

    def search(self, index, body):
        self.bodies.append(body)
        return {"hits": {"total": {"value": 0}, "hits": []}}


@pytest.mark.parametrize(("q", "requests"), [("护照", 2), ("护照 签证", 3)])
def test_search_relaxes_like_the_embedded_backend(db, q, requests):
    """Nothing found: one concept is retried with sub-words allowed; two or more are
    retried with sub-words, then with half of the concepts (EmbeddedBackend.match_stages)."""
    from search.backends.base import SearchRequest
    from search.backends.elasticsearch import ElasticsearchBackend

    backend = ElasticsearchBackend("http://127.0.0.1:9")
    backend.client = _NothingFound()
    backend._text_analyzer = ""
    assert backend.search(SearchRequest(q=q)).count == 0
    assert len(backend.client.bodies) == requests


def test_autocomplete_body():
    body = build_autocomplete("portal-search", "yyzz").to_dict()
    should = body["query"]["bool"]["must"][0]["bool"]["should"]
    assert {"prefix": {"pinyin_initials": {"value": "yyzz", "boost": 3}}} in should
    cjk = build_autocomplete("portal-search", "社保").to_dict()
    assert cjk["query"]["bool"]["must"] == [{"match_phrase": {"title_text": "社保"}}]


def test_autocomplete_wildcards_in_user_text_are_literal():
    body = build_autocomplete("portal-search", "x*?").to_dict()
    should = body["query"]["bool"]["must"][0]["bool"]["should"]
    wildcard = next(clause["wildcard"]["code"]["value"] for clause in should if "wildcard" in clause)
    assert wildcard == "*X\\*\\?*"


def test_facet_counts_from_aggregations():
    aggs = {
        "department": {"values": {"buckets": [{"key": "gaj", "doc_count": 2}]}},
        "theme": {"values": {"buckets": []}},
        "processing_kind": {"values": {"buckets": [{"key": "即办件", "doc_count": 1}]}},
        "audience": {"individual": {"doc_count": 2}, "legal": {"doc_count": 0}},
        "online": {"values": {"buckets": [{"key": 1, "key_as_string": "true", "doc_count": 1},
                                          {"key": 0, "key_as_string": "false", "doc_count": 1}]}},
    }
    assert facet_counts(aggs) == {
        "department": {"gaj": 2}, "theme": {}, "processing_kind": {"即办件": 1},
        "audience": {"自然人": 2, "法人": 0}, "online": {"yes": 1, "no": 1},
    }


def test_source_carries_tokens_and_text(catalogue):
    from search.models import SearchDocument

    doc = SearchDocument.objects.get(code="QR-330521-0003")
    source = to_source(doc)
    assert "居民身份证" in source["title"].split()
    assert source["title_text"] == "居民身份证补领"
    assert source["department_code"] == "gaj"


def test_falls_back_to_embedded_when_cluster_is_down(client, catalogue, settings, caplog):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    with caplog.at_level(logging.WARNING, logger="search.service"):
        response = client.get("/api/search/", {"q": "身份证丢了怎么办"})
        page = client.get("/search/", {"q": "身份证"})
        suggest = client.get("/api/search/autocomplete/", {"q": "jmsfz"})
    assert response.status_code == 200
    data = response.json()
    assert data["backend"] == "embedded"
    assert data["results"][0]["code"] == "QR-330521-0003"
    assert page.status_code == 200 and suggest.status_code == 200
    assert "Elasticsearch 不可用" in caplog.text


def test_publish_with_cluster_down_still_indexes_embedded(structure, settings, django_capture_on_commit_callbacks):
    from search.backends.base import SearchRequest
    from search.service import run_search
    from tests import factories

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    with django_capture_on_commit_callbacks(execute=True):
        factories.service_item("普通护照签发", "XK-330521-0003")
    assert [h.code for h in run_search(SearchRequest(q="护照")).hits] == ["XK-330521-0003"]


live_url = os.environ.get("ELASTICSEARCH_URL", "")


@pytest.mark.elasticsearch_live
@pytest.mark.skipif(not live_url, reason="ELASTICSEARCH_URL 未设置：需要真实的 Elasticsearch 集群")
def test_live_rebuild_alias_swap_and_search(catalogue, settings):
    from search.backends.base import SearchRequest
    from search.backends.elasticsearch import ElasticsearchBackend

    settings.ELASTICSEARCH_URL = live_url
    backend = ElasticsearchBackend(live_url, prefix="test-portal")
    first = backend.rebuild()
    second = backend.rebuild()
    assert first != second
    assert list(backend.client.indices.get_alias(name=backend.alias)) == [second]
    result = backend.search(SearchRequest(q="身份证丢了怎么办"))
    assert result.backend == "elasticsearch"
    assert result.hits[0].code == "QR-330521-0003"
    filtered = backend.search(SearchRequest(q="居民身份证", filters={"department": "gaj", "online": "yes"}))
    assert [h.code for h in filtered.hits] == ["QR-330521-0003"]
    assert filtered.facets["department"]["gaj"] == 1
    assert backend.autocomplete("jmsfz")
    backend.client.indices.delete(index=second)
